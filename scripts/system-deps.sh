#!/usr/bin/env bash
# System packages a fresh Debian machine lacks. Graphviz draws model plots;
# with --browser, Debian's Chromium for the browser tests (never Playwright's
# own download, which needs the internet), and npm, which fetches axe-core.
set -euo pipefail
pkgs="graphviz"
[ "${1:-}" = "--browser" ] && pkgs="$pkgs chromium"

missing=""
for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
# npm fetches axe-core for the browser tests' accessibility checks
if [ "${1:-}" = "--browser" ] && ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
