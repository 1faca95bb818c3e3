from __future__ import annotations

import os

import pytest

from tests.helpers import Server

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def pytest_collection_modifyitems(items):
    # Directory decides the kind: unit tests need no TensorFlow, the others start workers.
    for item in items:
        path = str(item.fspath)
        if "/integration/" in path:
            item.add_marker(pytest.mark.integration)
        if "/browser/" in path:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One real server for the whole session, workers warm."""
    srv = Server(tmp_path_factory.mktemp("server"), KP_RUN_TIME_LIMIT="120", KP_CANCEL_GRACE="3").start()
    yield srv
    srv.stop()
