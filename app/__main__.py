"""`python -m app`: serve the app on HOST:PORT (what `make run` does).

`python -m app teacher ...` manages a classroom server's teachers
(app/accounts/cli.py); `python -m app prune` deletes old runs by hand
(app/runs/prune_cli.py); `python -m app worker` starts a Celery worker
(app/jobs/celery_app.py); `python -m app db upgrade` applies the schema's
migrations (app/store/migrate.py), as every process does at start.
"""

import sys

# Pages send nothing on their websockets but the closing handshake, yet uvicorn
# takes messages of up to 16 MiB by default: past this one a socket is closed
# with 1009 (app/runs/events.md).
WS_MAX_MESSAGE = 64 * 1024


def serve() -> None:
    import uvicorn

    from app.settings import Settings
    from app.wsproto import FastDeflateProtocol

    settings = Settings.from_env()
    print(f"Keras Playground ({settings.mode} mode): http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run(
        "app.main:app", host=settings.host, port=settings.port, log_level="info", ws=FastDeflateProtocol, ws_max_size=WS_MAX_MESSAGE,
        workers=settings.web_processes if settings.web_processes > 1 else None,
    )  # fmt: skip


def main(argv: list[str]) -> int:
    if argv[:1] == ["teacher"]:
        from app.accounts.cli import main as teacher

        return teacher(argv[1:])
    if argv[:1] == ["db"]:
        from app.store.migrate import main as db

        return db(argv[1:])
    if argv[:1] == ["worker"]:
        from app.jobs.celery_app import main as worker

        return worker(argv[1:])
    if argv[:1] == ["prune"]:
        from app.runs.prune_cli import main as prune

        return prune(argv[1:])
    serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
