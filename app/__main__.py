"""`python -m app`: serve the app on HOST:PORT (what `make run` does).

`python -m app teacher ...` manages a classroom server's teachers
(app/accounts/cli.py).
"""

import sys


def serve() -> None:
    import uvicorn

    from app.settings import Settings
    from app.wsproto import FastDeflateProtocol

    settings = Settings.from_env()
    print(f"Keras Playground ({settings.mode} mode): http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, log_level="info", ws=FastDeflateProtocol)


def main(argv: list[str]) -> int:
    if argv[:1] == ["teacher"]:
        from app.accounts.cli import main as teacher

        return teacher(argv[1:])
    serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
