#!/usr/bin/env bash
# Runs the whole LawPost test suite headless (Qt offscreen); the suite also runs ruff, mypy,
# import-linter and the accessibility audit.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export QT_QUICK_BACKEND=software
export PYTHONDONTWRITEBYTECODE=1
# Start from empty config and data folders, as on a machine that never ran LawPost: a test that
# passes only where an earlier run left files behind fails here instead of on a newcomer's machine.
# They must still be empty afterwards: nothing the suite runs may write into a user's folders.
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
export XDG_CONFIG_HOME="$fresh/config" XDG_DATA_HOME="$fresh/data"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
status=0
.venv/bin/python -m pytest "$@" || status=$?
left=$(find "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" -mindepth 1 | head -5)
if [ -n "$left" ]; then
  echo "run-tests: the suite wrote into the user's config or data folder:" >&2
  echo "$left" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
