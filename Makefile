# The two commands of the README. Everything else is a helper.
HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
export HOST PORT VENV

.PHONY: run test install install-test bench datasets

run: install
	$(PY) -m app

test: install-test
	$(VENV)/bin/ruff check app tests bench
	$(PY) -m pytest $(PYTEST_ARGS)

install:
	scripts/install.sh

install-test:
	scripts/install.sh test

bench: install-test
	$(PY) bench/run.py

datasets: install
	$(PY) -m app.datasets fetch
