#!/bin/sh
# lawpost on an installed machine: the packaged Python environment, /etc/lawpost/kiosk.toml unless told otherwise.
: "${LAWPOST_CONFIG:=/etc/lawpost/kiosk.toml}"
export LAWPOST_CONFIG
exec /opt/lawpost/venv/bin/python -m lawpost "$@"
