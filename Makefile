# The two commands of the README. Everything else is a helper.
HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
export HOST PORT VENV

.PHONY: run test install install-test bench datasets

run: install
	$(PY) -m app

# Two test processes: while one waits on a browser or a training run, the
# other works (each starts its own server). PYTEST_JOBS=0 runs in one.
PYTEST_JOBS ?= 2
XDIST := $(if $(filter 0,$(PYTEST_JOBS)),,-n $(PYTEST_JOBS))

test: install-test
	$(VENV)/bin/ruff check app tests bench
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

install:
	scripts/install.sh

install-test:
	scripts/install.sh test

bench: install-test
	$(PY) bench/run.py

datasets: install
	$(PY) -m app.datasets fetch
