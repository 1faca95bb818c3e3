from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers import CeleryWorker, Server
from tests.services import postgres_server, redis_db, redis_server

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def pytest_addoption(parser):
    parser.addoption("--timing-only", action="store_true", help="run only the tests marked `timing` (make test runs them alone, after the parallel run)")


def pytest_collection_modifyitems(config, items):
    # Directory decides the kind: unit tests need no TensorFlow, the others start workers.
    for item in items:
        path = str(item.fspath)
        if "/integration/" in path:
            item.add_marker(pytest.mark.integration)
        if "/browser/" in path:
            item.add_marker(pytest.mark.browser)
    # A latency budget measured beside another test process would time that process too:
    # in parallel runs the `timing` tests are left for a run of their own (--timing-only).
    parallel = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    timing_only = config.getoption("--timing-only")
    if parallel or timing_only:
        keep = [item for item in items if (item.get_closest_marker("timing") is not None) == timing_only]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One real server for the whole session, workers warm."""
    srv = Server(tmp_path_factory.mktemp("server"), KP_RUN_TIME_LIMIT="120", KP_CANCEL_GRACE="3", KP_INSPECTORS="2").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def celery_server(tmp_path_factory, redis_url):
    """One real server for the session on the Celery backend (KP_BACKEND=celery) with
    one real `python -m app worker` beside it, sharing its data directory and Redis."""
    data = tmp_path_factory.mktemp("celery")
    settings = {"KP_RUN_TIME_LIMIT": "120", "KP_CANCEL_GRACE": "3"}
    own = redis_db(redis_url, 1)  # apart from the other tests' Celery workers
    worker = CeleryWorker(data, own, **settings).start()
    srv = Server(data, KP_BACKEND="celery", KP_REDIS_URL=own, **settings)
    srv.worker = worker
    try:
        yield srv.start()
    finally:
        srv.stop()
        worker.stop()


@pytest.fixture(params=["local", "celery"])
def backend_server(request):
    """The session's server of each job backend, in turn: the run tests hold for both."""
    return request.getfixturevalue("server" if request.param == "local" else "celery_server")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of the session's own (tests/services.py): its admin URL.
    Its folder is outside pytest's (root-only) temporary tree: the server runs as
    the postgres user when the tests run as root."""
    with postgres_server(Path(tempfile.mkdtemp(prefix="kp-postgres-"))) as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis server of the session's own (tests/services.py): its URL."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
