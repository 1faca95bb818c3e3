"""The set-up promises: two README commands, and one install path shared by
`make`, CI and the Dockerfile (no Docker engine runs here, so CI exercises
the Dockerfile's steps through the same scripts)."""

from __future__ import annotations

import os
import re

import yaml

from app.settings import Settings
from tests.helpers import ROOT


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", read("README.md"), re.S)
    assert blocks and blocks[0].split() == ["make", "run"] and blocks[1].split() == ["make", "test"]


def test_make_and_ci_use_the_install_scripts():
    makefile = read("Makefile")
    assert "scripts/install.sh" in makefile and "scripts/install.sh test" in makefile
    ci = read(".ci/run")
    assert "scripts/system-deps.sh --test" in ci and "make test" in ci
    # `make test` alone installs the system packages the tests need (a fresh machine has no Chromium,
    # no PostgreSQL and no Redis)
    assert "scripts/system-deps.sh --test" in read("scripts/install.sh")
    deps = read("scripts/system-deps.sh")
    assert all(p in deps for p in ("chromium", "postgresql", "redis-server"))


def test_the_configuration_table_lists_exactly_the_settings_the_code_reads():
    read_by_code = {m for path in (ROOT / "app").rglob("*.py") for m in re.findall(r'"(KP_[A-Z_]+)"', path.read_text(encoding="utf-8"))}
    documented = set(re.findall(r"^\| `(KP_[A-Z_]+)`", read("docs/configuration.md"), re.M))
    assert read_by_code == documented, (sorted(read_by_code - documented), sorted(documented - read_by_code))


def test_the_dockerfile_runs_the_same_steps():
    docker = read("Dockerfile")
    assert docker.splitlines()[0].startswith("#") and "FROM python:3.11-slim" in docker
    assert "RUN scripts/system-deps.sh" in docker and "RUN scripts/install.sh" in docker
    assert re.search(r"^USER (?!root)\w+", docker, re.M), "the image must not run as root"
    assert "HEALTHCHECK" in docker and "/api/health" in docker
    assert 'CMD ["/opt/venv/bin/python", "-m", "app"]' in docker
    assert 'KP_ALLOWED_HOSTS="*"' in docker  # it listens on 0.0.0.0 and must answer to whatever name it is reached by
    assert "graphviz" in read("scripts/system-deps.sh")
    assert "python -m app.datasets fetch" in docker  # Keras's data sets, where the build has internet


def _compose_env(service: dict) -> dict[str, str]:
    """A service's environment as compose gives it with no .env file (`${X:-default}` → default)."""
    return {k: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(v)) for k, v in service["environment"].items()}


def test_the_compose_file_runs_the_commands_the_tests_start_with_documented_settings(monkeypatch):
    compose = yaml.safe_load(read("docker-compose.yml"))
    services = compose["services"]
    assert set(services) == {"web", "worker", "redis", "postgres"}
    assert all("healthcheck" in s for s in services.values())
    web, worker = services["web"], services["worker"]
    assert web["command"] == ["/opt/venv/bin/python", "-m", "app"]
    assert worker["command"][:4] == ["/opt/venv/bin/python", "-m", "app", "worker"]
    assert worker["healthcheck"]["test"] == ["CMD", "/opt/venv/bin/python", "-m", "app", "worker", "--ping"]
    # what the tests start: tests/helpers.py's Server and CeleryWorker
    helpers = read("tests/helpers.py")
    assert '[sys.executable, "-m", "app"]' in helpers and '[sys.executable, "-m", "app", "worker"' in helpers
    documented = set(re.findall(r"^\| `(KP_[A-Z_]+|DATABASE_URL|HOST|PORT)`", read("docs/configuration.md"), re.M))
    for name in ("web", "worker"):
        env = _compose_env(services[name])
        assert {k for k in env if k.startswith("KP_")} <= documented, name
        assert "kp-data:" + env["KP_DATA_DIR"] in services[name]["volumes"]  # one data folder for both
        for key in [k for k in os.environ if k.startswith("KP_") or k in ("DATABASE_URL", "HOST", "PORT")]:
            monkeypatch.delenv(key)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        settings = Settings.from_env()  # the compose settings are ones the app accepts
        assert settings.backend == "celery" and settings.event_bus == "redis" and settings.database_url.startswith("postgresql+psycopg://")
    assert Settings.from_env().web_processes == 1  # the worker's; the web's:
    assert _compose_env(web)["KP_WEB_PROCESSES"] == "2"
