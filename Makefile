# The two commands of the README. Everything else is a helper.
HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
export HOST PORT VENV

.PHONY: run test install install-test bench datasets fuzz

run: install
	$(PY) -m app

# Two test processes: while one waits on a browser or a training run, the
# other works (each starts its own server). PYTEST_JOBS=0 runs in one.
PYTEST_JOBS ?= 2
# worksteal: a process that runs out of tests takes some of the other's, so neither
# ends the run alone behind a few long tests.
XDIST := $(if $(filter 0,$(PYTEST_JOBS)),,-n $(PYTEST_JOBS) --dist worksteal)

# Latency budgets (marked `timing`) run last, alone: measured beside another
# test process they would time that process too. (5: PYTEST_ARGS chose none.)
test: install-test
	$(VENV)/bin/ruff check app tests bench
	$(PY) -m pytest $(XDIST) --durations=40 $(PYTEST_ARGS)
	$(if $(XDIST),$(PY) -m pytest --timing-only $(PYTEST_ARGS) || [ $$? -eq 5 ])

install:
	scripts/install.sh

install-test:
	scripts/install.sh test

# The spec fuzzer and the OpenAPI fuzzer, longer than in `make test` (40 and 15 examples there).
FUZZ_EXAMPLES ?= 1000
fuzz: install-test
	KP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -s tests/integration/test_fuzz_specs.py tests/integration/test_openapi_fuzz.py

bench: install-test
	$(PY) bench/run.py

datasets: install
	$(PY) -m app.datasets fetch
