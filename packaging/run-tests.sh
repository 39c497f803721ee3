#!/usr/bin/env bash
# Runs the whole LawPost test suite headless (Qt offscreen); the suite also runs ruff, mypy,
# import-linter and the accessibility audit.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export QT_QUICK_BACKEND=software
export PYTHONDONTWRITEBYTECODE=1
exec .venv/bin/python -m pytest "$@"
