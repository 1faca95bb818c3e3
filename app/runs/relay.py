"""Stored events to every web process (`KP_EVENT_BUS=redis`): each process
publishes the events it stores on one Redis channel and hands the other
processes' events to its own hub, so a websocket open on any process follows
a run stored by any other, live. Commands go the same way: a cancel or a live
control asked of a process that does not run the job reaches the one that
does. Pub/sub keeps nothing: a message lost on the
way (Redis restarting, a slow subscriber cut off) costs nothing, because a
websocket that sees a gap in the seqs reads it from the store
(app/api/ws.py)."""

from __future__ import annotations

import logging
import queue
import secrets
import threading
from collections.abc import Callable
from typing import Any

import redis

from app import wire

log = logging.getLogger("keras_playground.relay")
CHANNEL = "kp:events"
OUTBOX = 10_000  # events waiting to be published; past that they are dropped (the store has them)
Deliver = Callable[[str, dict[str, Any]], None]
Command = Callable[[str, dict[str, Any]], None]


class RedisRelay:
    def __init__(self, url: str, deliver: Deliver):
        self.client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5, health_check_interval=30)
        self.deliver = deliver  # the hub's own fan-out: this process's websockets
        self.on_command: Command | None = None  # what this process does with another's command (app/runs/service.py)
        self.origin = secrets.token_hex(8)  # its own messages come back: the hub has them already
        self._stop = threading.Event()
        self._outbox: queue.Queue[bytes] = queue.Queue(OUTBOX)
        self._threads = [threading.Thread(target=self._listen, name="kp-relay-in", daemon=True), threading.Thread(target=self._send, name="kp-relay-out", daemon=True)]
        self._complained = False

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self.client.close()

    def publish(self, run_id: str, event: dict[str, Any]) -> None:
        """Tell the other processes, from any thread, without waiting on Redis (the
        thread that stores events must not stall on the network): a thread of the
        relay sends it. What cannot be sent is dropped: it is stored already."""
        self._post({"origin": self.origin, "run_id": run_id, "event": event})

    def command(self, run_id: str, command: dict[str, Any]) -> None:
        """Ask the other processes to act on a run they may be running (`{"action": "cancel"}`,
        or a live control); the one that has it acts, the others ignore it."""
        self._post({"origin": self.origin, "run_id": run_id, "command": command})

    def _post(self, message: dict[str, Any]) -> None:
        try:
            self._outbox.put_nowait(wire.dumps(message))
        except queue.Full:
            self._complain("the outbox is full")

    def _send(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._outbox.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                self.client.publish(CHANNEL, data)
                self._complained = False
            except redis.RedisError as e:
                self._complain(str(e))

    def _complain(self, why: str) -> None:
        if not self._complained:  # once per outage, not once per event
            self._complained = True
            log.warning("events are not reaching the other web processes through Redis (%s); their websockets read them from the store", why)

    def _listen(self) -> None:
        while not self._stop.is_set():
            pubsub = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(CHANNEL)
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self._hand_on(message["data"])
            except redis.RedisError as e:
                log.warning("the Redis event relay lost its connection (%s); reconnecting", e)
                self._stop.wait(1.0)
            finally:
                pubsub.close()

    def _hand_on(self, data: bytes) -> None:
        try:
            message = wire.loads(data)
            if message["origin"] == self.origin:
                return
            if "command" in message:
                if self.on_command is not None:
                    self.on_command(message["run_id"], message["command"])
            else:
                self.deliver(message["run_id"], message["event"])
        except (ValueError, KeyError, TypeError):
            log.warning("the Redis event relay ignored a message that is not an event")
