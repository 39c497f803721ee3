#!/usr/bin/env bash
# `make demo`: start the central server and an enrolled kiosk (lawpost demo). Without a display,
# re-run under a virtual one (xvfb-run) so the kiosk window has somewhere to draw.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if command -v xvfb-run >/dev/null 2>&1; then
    echo "demo: no display found; the kiosk draws on a virtual display (xvfb-run)."
    echo "demo: the web console below is reachable from a browser on this machine."
    exec xvfb-run -a -s "-screen 0 1080x1920x24" .venv/bin/lawpost demo "$@"
  fi
  echo "demo: no display; starting only the server side (install xvfb for the kiosk window)."
  exec .venv/bin/lawpost demo --no-kiosk "$@"
fi
exec .venv/bin/lawpost demo "$@"
