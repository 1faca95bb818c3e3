"""`python -m app.datasets fetch [name ...]`: download Keras's data sets into
its cache, where the internet is reachable (the Docker build does this)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    from app.datasets.keras_sets import CACHE_FILES, available, keras_home

    if argv[:1] != ["fetch"]:
        print("usage: python -m app.datasets fetch [" + " | ".join(CACHE_FILES) + " ...]", file=sys.stderr)
        return 2
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    failed = 0
    for name in argv[1:] or list(CACHE_FILES):
        if available(name):
            print(f"{name}: already in {keras_home() / 'datasets'}")
            continue
        try:
            getattr(keras.datasets, name).load_data()
            print(f"{name}: fetched")
        except Exception as e:  # noqa: BLE001 - report each one and go on
            failed += 1
            print(f"{name}: could not fetch ({type(e).__name__}: {e})", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
