"""`python -m app`: serve the app on HOST:PORT (what `make run` does)."""


def main() -> None:
    import uvicorn

    from app.settings import Settings
    from app.wsproto import FastDeflateProtocol

    settings = Settings.from_env()
    print(f"Keras Playground: http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, log_level="info", ws=FastDeflateProtocol)


if __name__ == "__main__":
    main()
