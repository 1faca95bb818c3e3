"""What every response says about itself to the browser, and which Host names the
server answers to.

- A Content-Security-Policy that lets pages run only the app's own scripts (no inline
  script, no other origin), connect only to the server itself (its API and websockets)
  and be framed by no one. Styles may be inline: Plotly sets them on its charts.
- `X-Content-Type-Options: nosniff` (an uploaded CSV is never run as a script),
  `Referrer-Policy: same-origin` (a shared run's link does not leak to other sites).
- The Host check (Starlette's TrustedHostMiddleware, `KP_ALLOWED_HOSTS`): a server on
  a loopback address answers only to loopback names, so a page on another site that
  points its own DNS name at 127.0.0.1 (DNS rebinding) cannot drive a learner's server.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))  # fmt: skip
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(configured: tuple[str, ...], listen_host: str) -> list[str]:
    """The configured names; else, on a loopback address, the loopback names; else any."""
    if configured:
        return list(configured)
    if listen_host in LOOPBACK or listen_host.startswith("127."):
        return [*LOOPBACK, listen_host]
    return ["*"]


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
