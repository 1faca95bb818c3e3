#!/usr/bin/env bash
# Installs Keras Playground into a virtual environment. Used by `make run`,
# `make test`, CI and the Dockerfile, so every path installs the same way.
#   scripts/install.sh          the app
#   scripts/install.sh test     the app and what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
extras=""
[ "${1:-}" = "test" ] && extras="[test]"

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi

# The tests need system packages too (Chromium, npm, graphviz, PostgreSQL): installed once, with sudo when not root.
if [ "${1:-}" = "test" ]; then
    scripts/system-deps.sh --test
fi

# The browser tests load axe-core from the npm registry into the page (tests/browser/package.json).
if [ "${1:-}" = "test" ] && command -v npm >/dev/null 2>&1; then
    lock="tests/browser/package-lock.json"
    npm_stamp="tests/browser/node_modules/.installed"
    npm_want="$(sha256sum "$lock" | cut -d' ' -f1)"
    if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_want" ]; then
        npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
        echo "$npm_want" > "$npm_stamp"
    fi
fi

# Skip pip when nothing changed since the last install: `make run` stays fast.
stamp="$VENV/.installed${extras:+-test}"
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi

"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".${extras}"
echo "$want" > "$stamp"
