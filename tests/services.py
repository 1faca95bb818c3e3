"""Servers the tests start themselves: a real PostgreSQL and a real Redis from
Debian's binaries (scripts/system-deps.sh installs them), each on a free
loopback port, in a temporary folder, so no test touches a developer's
databases or needs a service started beforehand. Missing binaries fail the
tests; they never skip."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import free_port


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if not found:
        pytest.fail("PostgreSQL's binaries are missing: scripts/system-deps.sh --test installs Debian's postgresql")
    return Path(found[-1]).parent


def _as_postgres(folder: Path) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user, who owns `folder`."""
    if os.geteuid() != 0:
        return []
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("running as root needs the postgres user that Debian's postgresql package creates")
    for path in (folder, *folder.rglob("*")):
        os.chown(path, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


@contextlib.contextmanager
def postgres_server(folder: Path) -> Iterator[str]:
    """A PostgreSQL server of its own in `folder`; yields its admin URL (trust auth on loopback)."""
    bin_dir = postgres_bin()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)  # the postgres user reaches the data folder through it
    data = folder / "data"
    data.mkdir()
    data.chmod(0o700)
    sudo = _as_postgres(folder)
    subprocess.run([*sudo, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"],
                   check=True, capture_output=True, timeout=120)
    port = free_port()
    log = open(folder / "server.log", "wb")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [*sudo, str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1", "-k", str(folder),
         "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while subprocess.run([str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-q"], check=False).returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"PostgreSQL did not start: {(folder / 'server.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _stop(server, 30)  # SIGTERM: PostgreSQL's smart shutdown
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _stop(server: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, then SIGKILL if the server has not stopped within `timeout` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def fresh_database(admin_url: str) -> str:
    """A new, empty database on the server of `admin_url`; its URL."""
    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:16]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A Redis server of its own, keeping nothing on disk; yields its URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        pytest.fail("redis-server is missing: scripts/system-deps.sh --test installs Debian's redis-server")
    import redis

    port = free_port()
    log = open(folder / "redis.log", "wb")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
                              stdout=log, stderr=subprocess.STDOUT)
    client = redis.Redis(port=port, socket_connect_timeout=1)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Redis did not start: {(folder / 'redis.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        _stop(server, 10)
        log.close()


def redis_db(url: str, number: int) -> str:
    """The same Redis server's database `number`: deployments that share a server keep
    their queues and keys apart (Celery's queues and the workers' keys live in a database)."""
    return url.rsplit("/", 1)[0] + f"/{number}"
