"""The live event stream of a run: replay from the store, then follow live."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool

from app import wire
from app.api.deps import get_user, seen_run
from app.state import AppState
from app.store.runs import TERMINAL

router = APIRouter(tags=["runs"])


def is_end(event: dict) -> bool:
    return event["type"] == "status" and event["status"] in TERMINAL


@router.websocket("/ws/runs/{run_id}")
async def run_events(websocket: WebSocket, run_id: str, after: int = 0) -> None:
    """Every event with seq > `after`, in order, then close after the terminal status."""
    state: AppState = websocket.app.state.kp
    try:
        await run_in_threadpool(seen_run, state, get_user(websocket), run_id)
    except HTTPException:
        run_id = None
    await stream(websocket, state, run_id, after)


@router.websocket("/ws/shared/{token}")
async def shared_events(websocket: WebSocket, token: str, after: int = 0) -> None:
    """The events of the run a share link names (read-only, like the owner's stream)."""
    state: AppState = websocket.app.state.kp
    await stream(websocket, state, await run_in_threadpool(state.store.run_for_share, token), after)


async def stream(websocket: WebSocket, state: AppState, run_id: str | None, after: int) -> None:
    """Replay, then follow. A run that does not exist (or is not the caller's) is
    closed with 4404 once accepted, so every client sees the same close code."""
    await websocket.accept()
    if run_id is None:
        await websocket.close(code=4404, reason="no such run")
        return
    # Subscribe before reading the store, so no event falls between replay and live.
    async with state.hub.subscribe(run_id) as live, anyio.create_task_group() as tasks:
        last = after

        async def stored_since(seq: int) -> list[dict]:
            return await run_in_threadpool(state.store.events_after, run_id, seq)

        async def send(events: list[dict]) -> bool:
            nonlocal last
            for event in events:
                await websocket.send_text(wire.dumps_text(event))
                last = event["seq"]
                if is_end(event):
                    return True
            return False

        async def sender() -> None:
            ended = await send(await stored_since(last))
            while not ended:
                event = await live.get()
                if event["seq"] > last:
                    # the next one goes straight out; after a gap, the store fills it
                    ended = await send([event] if event["seq"] == last + 1 else await stored_since(last))
            await websocket.close()
            tasks.cancel_scope.cancel()

        async def receiver() -> None:
            try:
                while True:
                    await websocket.receive_text()
            except WebSocketDisconnect:
                tasks.cancel_scope.cancel()

        tasks.start_soon(sender)
        tasks.start_soon(receiver)
