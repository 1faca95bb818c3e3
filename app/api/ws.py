"""The live event stream of a run: replay from the store a page at a time, then follow live.

Every way a stream ends is a close code (app/runs/events.md).
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from starlette.websockets import WebSocketState

from app import wire
from app.api.deps import get_user, seen_run
from app.runs.hub import Subscription
from app.state import AppState
from app.store.runs import TERMINAL, RunStore

router = APIRouter(tags=["runs"])

Close = tuple[int, str]
DONE: Close = (1000, "")
NO_RUN: Close = (4404, "no such run")
TOO_SLOW: Close = (4408, "too slow: reconnect with ?after=<last seq>")
FULL: dict[str, Close] = {
    "client": (4429, "too many websockets from this client"),
    "total": (1013, "too many websockets: try again later"),
}
MAX_SEQ = 2**63 - 1  # the largest integer SQL compares a seq with


def is_end(event: dict) -> bool:
    return event["type"] == "status" and event["status"] in TERMINAL


def parse_after(raw: str) -> int | Close:
    """`?after=` as a seq, or the close (4400) that says what was expected."""
    try:
        after = int(raw)
    except ValueError:
        after = -1
    if 0 <= after <= MAX_SEQ:
        return after
    reason = f"after expects an integer from 0 to 2**63-1; received {raw[:40]!r}"
    return 4400, reason.encode()[:123].decode(errors="ignore")  # a close reason holds 123 bytes


@router.websocket("/ws/runs/{run_id}")
async def run_events(websocket: WebSocket, run_id: str, after: str = "0") -> None:
    """Every event with seq > `after`, in order, then close after the terminal status."""
    state: AppState = websocket.app.state.kp
    try:
        await run_in_threadpool(seen_run, state, get_user(websocket), run_id)
    except HTTPException:
        run_id = None
    await stream(websocket, state, run_id, after)


@router.websocket("/ws/shared/{token}")
async def shared_events(websocket: WebSocket, token: str, after: str = "0") -> None:
    """The events of the run a share link names (read-only, like the owner's stream)."""
    state: AppState = websocket.app.state.kp
    await stream(websocket, state, await run_in_threadpool(state.store.run_for_share, token), after)


async def stream(websocket: WebSocket, state: AppState, run_id: str | None, after: str) -> None:
    """Accept, then replay and follow, or close at once with the code that says why not.
    Refusals are accepted first so every client sees the same close code."""
    settings = state.settings
    client = websocket.client.host if websocket.client else "?"
    with state.hub.seat(client, settings.ws_max_per_client, settings.ws_max_total) as full:
        await websocket.accept()
        seq = parse_after(after)
        if full:
            close = FULL[full]
        elif isinstance(seq, tuple):
            close = seq
        elif run_id is None:
            close = NO_RUN
        else:
            close = await follow(websocket, state, run_id, seq)
        if close is not None:
            with anyio.move_on_after(settings.ws_send_timeout):  # a client that reads nothing may not take the close frame either
                await websocket.close(*close)


async def follow(websocket: WebSocket, state: AppState, run_id: str, after: int) -> Close | None:
    """Send the run's events after `after` until its end; the close to send then (None:
    the client left). Pages send nothing, so the receiver only notices them leaving."""
    close: Close | None = None
    gone = False
    timeout = state.settings.ws_send_timeout
    async with state.hub.subscribe(run_id, state.settings.ws_queue) as live, anyio.create_task_group() as tasks:

        async def sender() -> None:
            nonlocal close, gone
            try:
                await send_events(websocket, state.store, run_id, after, live, timeout)
                close = DONE
            except WebSocketDisconnect:
                gone = True
            except TimeoutError:  # one event not taken in `timeout` seconds: a client that stopped reading
                close = TOO_SLOW
            tasks.cancel_scope.cancel()

        async def receiver() -> None:
            nonlocal gone
            while (await websocket.receive())["type"] != "websocket.disconnect":
                pass
            gone = True
            tasks.cancel_scope.cancel()

        async def too_slow() -> None:
            nonlocal close
            await live.dropped.wait()
            close = TOO_SLOW
            tasks.cancel_scope.cancel()

        tasks.start_soon(sender)
        tasks.start_soon(receiver)
        tasks.start_soon(too_slow)
    return None if gone else close


async def send(websocket: WebSocket, event: dict, timeout: float) -> None:
    """One event to the client; WebSocketDisconnect once it has left, TimeoutError when
    it has not taken the event in `timeout` seconds (its buffers are full). The receiver may
    have seen it leave while this task's last wait was finishing (a cancellation lands
    only at the next await), and uvicorn refuses a send after the close with a plain
    RuntimeError: the state Starlette set with the disconnect says so first."""
    if websocket.client_state == WebSocketState.DISCONNECTED or websocket.application_state == WebSocketState.DISCONNECTED:
        raise WebSocketDisconnect(1000)
    with anyio.fail_after(timeout):
        await websocket.send_text(wire.dumps_text(event))


async def send_events(websocket: WebSocket, store: RunStore, run_id: str, after: int, live: Subscription, timeout: float) -> None:
    """The stored events after `after` a page at a time, then the live ones, until the
    run's terminal status, or until nothing is left of a run that had already ended."""
    last = after

    async def replay() -> bool:
        nonlocal last
        while page := await run_in_threadpool(store.events_page, run_id, last):
            for event in page:
                await send(websocket, event, timeout)
                last = event["seq"]
                if is_end(event):
                    return True
        return False

    if await replay():
        return
    # Listen, then read the run's status and what was stored since the replay: no
    # event falls between the store and the live ones, and a later end arrives live.
    live.listen()
    run = await run_in_threadpool(store.get_run, run_id)
    if await replay() or run is None or run["status"] in TERMINAL:
        return
    while True:
        event = await live.get()
        if event["seq"] <= last:
            if is_end(event):  # the client's `after` was past the run's end
                return
        elif event["seq"] == last + 1:
            await send(websocket, event, timeout)
            last = event["seq"]
            if is_end(event):
                return
        elif await replay():  # after a gap, the store fills it
            return
