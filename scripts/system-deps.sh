#!/usr/bin/env bash
# System packages a fresh Debian machine lacks. Graphviz draws model plots.
# With --test (or its old name --browser), what the tests need: Debian's
# Chromium for the browser tests (never Playwright's own download, which needs
# the internet), npm, which fetches axe-core, and the binaries of PostgreSQL
# and Redis, from which the tests start servers of their own (tests/services.py).
set -euo pipefail
pkgs="graphviz"
test_deps=""
case "${1:-}" in --test|--browser) test_deps=1 ;; esac
[ -n "$test_deps" ] && pkgs="$pkgs chromium postgresql redis-server"

missing=""
for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
# npm fetches axe-core for the browser tests' accessibility checks
if [ -n "$test_deps" ] && ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
