"""The Redis keys through which web processes and Celery workers talk about a run
(KP_BACKEND=celery). Shared by both sides; imports nothing of either.

- `kp:run:<id>`: the run's stream: each entry's `m` is a JSON list of messages
  of its worker, `{"kind": "event", "event": {...}}` and, last of all,
  `{"kind": "done", ...}`, as the local workers send them down their pipes
  (app/worker/main.py).
- `kp:alive:<id>`: the lease of the worker child training it: `"<host>:<pid>"`,
  renewed every LEASE/3 s, gone within LEASE s of the child's death.
- `kp:claim:<id>`: set by the first child that takes the run; a second copy of
  the task (a run queued again after its web process died) does nothing.
- `kp:cancel:<id>`: a cancel asked; the child checks it between batches.
- `kp:control:<id>`: live controls waiting for the child (a list).
- `kp:worker:<host>:<pid>`: each worker child's state, renewed every few seconds;
  `kp:workers` names them (a sorted set by when each last said so).
- `kp:reserved:<queue>`: runs sent to Celery's `train` or `gpu` queue that no
  child has taken yet (a sorted set by the time they were sent): the capacity
  they will use. A run none has claimed after KP_UNCLAIMED_RESEND seconds is
  put back in its web process's waiting line and sent again.
- `kp:dispatch`: the lock held by the one web process dispatching now.
- `kp:waiting`: every run waiting in a web process, run id → JSON
  (app/jobs/fairqueue.py `Waiting`): the line all processes order alike.
- `kp:turns`: when each user (owner id, "" for none) last had a run sent.
- `kp:proc:<id>`: a web process alive (renewed every tick); the waiting runs
  of one not alive wait for whichever process takes them over.
"""

from __future__ import annotations

LEASE = 15.0  # seconds a child's lease on its run lasts without renewal
WORKER_TTL = 10.0  # seconds a child's state lasts without renewal
STREAM_TTL = 86_400  # a stream nobody reads is forgotten after a day
DISPATCH_LOCK = "kp:dispatch"
WAITING = "kp:waiting"
TURNS = "kp:turns"
PROC_TTL = 10.0  # seconds a web process counts as alive without renewal
WORKER_PREFIX = "kp:worker:"
WORKERS = "kp:workers"


def stream(run_id: str) -> str:
    return f"kp:run:{run_id}"


def reserved(queue: str) -> str:
    return f"kp:reserved:{queue}"


def alive(run_id: str) -> str:
    return f"kp:alive:{run_id}"


def claim(run_id: str) -> str:
    return f"kp:claim:{run_id}"


def cancel(run_id: str) -> str:
    return f"kp:cancel:{run_id}"


def control(run_id: str) -> str:
    return f"kp:control:{run_id}"


def worker(host: str, pid: int) -> str:
    return f"{WORKER_PREFIX}{host}:{pid}"


def proc(proc_id: str) -> str:
    return f"kp:proc:{proc_id}"
