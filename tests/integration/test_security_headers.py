"""Every response tells the browser what the page may do, and a server on a loopback
address answers only to loopback names (no DNS rebinding)."""

from __future__ import annotations

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from app.api.headers import allowed_hosts


@pytest.mark.parametrize("path", ["/", "/lessons/sequential-model?lang=zh", "/api/health", "/api/catalog", "/static/app.css", "/no-such-page", "/api/runs/nope"])
def test_every_response_carries_the_security_headers(server, path):
    reply = server.get(path)
    csp = reply.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "same-origin"
    assert reply.headers["x-frame-options"] == "DENY"


def test_a_foreign_host_name_is_refused_on_loopback(server):
    port = server.port
    for host in ("localhost", "127.0.0.1"):
        assert httpx.get(f"{server.url}/api/health", headers={"Host": f"{host}:{port}"}).status_code == 200
    for path in ("/", "/api/health", "/api/runs"):
        reply = httpx.get(f"{server.url}{path}", headers={"Host": f"rebound.example:{port}"})
        assert reply.status_code == 400, path
    refused = httpx.post(f"{server.url}/api/inspect", json={}, headers={"Host": "rebound.example"})
    assert refused.status_code == 400
    with pytest.raises(InvalidStatus) as caught:
        connect(server.url.replace("http", "ws") + "/ws/runs/nope", open_timeout=10, additional_headers={"Host": "rebound.example"})
    assert caught.value.response.status_code == 400


def test_which_hosts_are_allowed():
    assert allowed_hosts((), "127.0.0.1") == ["127.0.0.1", "localhost", "::1", "127.0.0.1"]
    assert allowed_hosts((), "0.0.0.0") == ["*"]  # a school server or the Docker image: any name it is reached by
    assert allowed_hosts(("class.example.org",), "127.0.0.1") == ["class.example.org"]
