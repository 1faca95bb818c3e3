"""What the browser tests share: waiting for the playground, reading its
spec, addressing fields by their spec path, and mounting lazy widgets."""

from __future__ import annotations

import base64
import json

SPEC = "async () => (await import('/static/js/playground/state.js')).spec.get()"
STATUS = "document.querySelector('[data-testid=run-status]').dataset.status"
MOUNT_WIDGETS = """async () => {
  for (const s of document.querySelectorAll('[data-widget]')) {
    s.scrollIntoView();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
}"""


def link(spec: dict, slug: str = "sequential-model", **params: str) -> str:
    data = base64.urlsafe_b64encode(json.dumps(spec).encode()).decode().rstrip("=")
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    return f"/lessons/{slug}#spec=j.{data}{extra}"


def ready(page) -> None:
    page.wait_for_function("document.querySelector('#playground')?.dataset.ready === 'true'", timeout=60_000)
    page.wait_for_function("!document.querySelector('#playground').dataset.inspecting && document.querySelectorAll('[data-testid=summary-table] tbody tr').length > 0", timeout=60_000)


def settled(page) -> None:
    """The summary has answered the last edit (its request is debounced by 250 ms)."""
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('#playground').dataset.following", timeout=60_000)
    page.wait_for_timeout(300)  # a shape that followed an option asks the summary again
    page.wait_for_function("!document.querySelector('#playground').dataset.inspecting", timeout=60_000)


def spec(page) -> dict:
    return page.evaluate(SPEC)


def field(page, path: str):
    return page.locator(f'[data-testid="field-{path}"]')


def total(page) -> int:
    return int(page.locator("[data-total-params]").get_attribute("data-total-params"))


def wait_total(page, value: int) -> None:
    page.wait_for_function(f"document.querySelector('[data-total-params]')?.dataset.totalParams === '{value}'")


def wait_status(page, status: str, timeout: float = 90_000) -> None:
    page.wait_for_function(f"{STATUS} === '{status}'", timeout=timeout)


def mount_widgets(page) -> None:
    page.evaluate(MOUNT_WIDGETS)
    page.wait_for_function("[...document.querySelectorAll('[data-widget]')].every(s => s.dataset.ready === 'true' || s.dataset.ready === 'error')", timeout=120_000)
