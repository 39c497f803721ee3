#!/usr/bin/env bash
# `make package`: build lawpost_<version>_amd64.deb — kiosk and central server in one package (two
# roles, each a systemd unit), with its own Python environment in /opt/lawpost/venv (no pip on the
# target). Usage: packaging/deb/build.sh [--version V] [--out DIR] [--reuse STAGE]
#   --reuse STAGE: take the already built tree in STAGE (the package test rebuilds a new version
#   without installing every wheel again).
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=$(pwd)
VERSION=$(python3 -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
OUT=dist
STAGE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) VERSION=$2; shift 2;;
    --out) OUT=$2; shift 2;;
    --reuse) STAGE=$2; shift 2;;
    *) echo "build.sh: unknown option $1" >&2; exit 2;;
  esac
done
mkdir -p "$OUT"
PYTHON=/usr/bin/python3.11  # Debian 12's interpreter: the one the target has (Depends: python3.11)

if [ -z "$STAGE" ]; then
  STAGE=$(mktemp -d /tmp/lawpost-deb.XXXXXX)
  mkdir -p "$STAGE/root/opt/lawpost"
  # The application: tracked files only (code, QML, assets, the default content pack).
  git archive --format=tar HEAD kiosk ui server lawpost assets pyproject.toml README.md docs/deploy.md \
    | (mkdir -p "$STAGE/root/opt/lawpost/app" && tar -x -C "$STAGE/root/opt/lawpost/app")
  "$PYTHON" - > "$STAGE/requirements.txt" <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["server"]))
PY
  # The venv is built at its final path (scripts and pyvenv.cfg name it), in a private mount
  # namespace so nothing on this machine's /opt/lawpost is touched.
  unshare -m bash -euo pipefail -c "
    mkdir -p /opt/lawpost
    mount --bind '$STAGE/root/opt/lawpost' /opt/lawpost
    '$PYTHON' -m venv /opt/lawpost/venv
    /opt/lawpost/venv/bin/python -m pip install -q --disable-pip-version-check -r '$STAGE/requirements.txt'
    /opt/lawpost/venv/bin/python -m pip uninstall -q -y pip setuptools
    echo /opt/lawpost/app > /opt/lawpost/venv/lib/python3.11/site-packages/lawpost-app.pth
    /opt/lawpost/venv/bin/python -m kiosk.speech.readings /opt/lawpost/app/kiosk/speech/readings
    /opt/lawpost/venv/bin/python -m compileall -q /opt/lawpost/app >/dev/null || true
  "
fi

ROOT="$STAGE/root"
install -d "$ROOT/usr/bin" "$ROOT/lib/systemd/system" "$ROOT/etc/lawpost" "$ROOT/usr/share/doc/lawpost" "$ROOT/DEBIAN"
install -m 0755 packaging/deb/lawpost.sh "$ROOT/usr/bin/lawpost"
install -m 0644 packaging/systemd/*.service packaging/systemd/*.timer "$ROOT/lib/systemd/system/"
install -m 0640 packaging/deb/kiosk.toml packaging/deb/server.toml "$ROOT/etc/lawpost/"
install -m 0644 docs/deploy.md "$ROOT/usr/share/doc/lawpost/deploy.md"
install -m 0644 packaging/nginx/lawpost.conf "$ROOT/usr/share/doc/lawpost/nginx-lawpost.conf" 2>/dev/null || true
printf '/etc/lawpost/kiosk.toml\n/etc/lawpost/server.toml\n' > "$ROOT/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "packaging/deb/$script" "$ROOT/DEBIAN/$script"; done
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@SIZE@/$SIZE/" packaging/deb/control > "$ROOT/DEBIAN/control"
DEB="$OUT/lawpost_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zzstd -z3 --build "$ROOT" "$DEB" >/dev/null
echo "$DEB"
echo "stage: $STAGE" >&2
