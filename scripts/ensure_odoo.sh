#!/usr/bin/env bash
# Finds or provisions an Odoo 18.0 for the test command, the run command and the benchmarks,
# and prints it as shell assignments on stdout (progress goes to stderr):
#
#     ODOO_PY=/path/to/python     a Python that imports odoo 18.0, requests, pytest, ...
#     ODOO_BIN=/path/to/odoo-bin  the launcher to start Odoo with (never as a module, -m:
#                                 in multi-worker mode Odoo re-spawns sys.argv[0] as its
#                                 websocket process, and odoo/__main__.py cannot run as one)
#
# Usage: eval "$(bash scripts/ensure_odoo.sh)"
#
# Order: $ODOO_PY if set; else ${PYTHON:-python3} when it already imports Odoo 18.0; else a
# cached virtual environment under ${CB_CACHE:-~/.cache/commerce_bridge}, built once from
# $ODOO_SRC (a source checkout or a .tar.xz/.tar.gz of one) or else from
# ../shared/odoo/odoo-18.0-community.tar.xz beside this repository. The cache is keyed on the
# source, Odoo's requirements, this addon's requirements and the Python version, so a second
# run reuses it and a change of any of them builds a new one. Exits non-zero, saying why,
# when no Odoo can be had.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
USER_HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
CACHE=${CB_CACHE:-${XDG_CACHE_HOME:-$USER_HOME/.cache}/commerce_bridge}
BASE_PY=${PYTHON:-python3}

log() { echo "[ensure_odoo] $*" >&2; }

imports_odoo18() {
    "$1" -c "import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)" 2>/dev/null
}

# The launcher beside an importable odoo package, else a console script of that Python, else
# one written into the cache (what odoo-bin itself holds: set TZ, call odoo.cli.main()).
launcher_for() {
    local py=$1 src bin
    src=$("$py" -c "import os, odoo; print(os.path.dirname(os.path.dirname(odoo.__file__)))")
    if [[ -f "$src/odoo-bin" ]]; then echo "$src/odoo-bin"; return; fi
    bin=$(dirname "$("$py" -c 'import sys; print(sys.executable)')")/odoo
    if [[ -x "$bin" ]]; then echo "$bin"; return; fi
    mkdir -p "$CACHE/bin"
    bin="$CACHE/bin/odoo-bin-$(echo "$py" | sha256sum | cut -c1-8)"
    printf '#!%s\nimport os\nos.environ["TZ"] = "UTC"\nimport odoo\nodoo.cli.main()\n' \
        "$("$py" -c 'import sys; print(sys.executable)')" >"$bin"
    chmod +x "$bin"
    echo "$bin"
}

ensure_test_requirements() {  # the addon's and the test suite's packages, once per Python
    local py=$1
    if ! "$py" -c "import pytest, pydantic, hypothesis, requests, phonenumbers, jsonschema, ruff" 2>/dev/null; then
        log "installing requirements-test.txt into $py"
        "$py" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-test.txt" >&2
    fi
}

emit() {
    ensure_test_requirements "$1"
    echo "ODOO_PY=$1"
    echo "ODOO_BIN=$(launcher_for "$1")"
}

if [[ -n "${ODOO_PY:-}" ]] && imports_odoo18 "$ODOO_PY"; then emit "$ODOO_PY"; exit 0; fi
if imports_odoo18 "$BASE_PY"; then emit "$(command -v "$BASE_PY")"; exit 0; fi

# --- provision from source ------------------------------------------------------------------
SRC=${ODOO_SRC:-$ROOT/../shared/odoo/odoo-18.0-community.tar.xz}
[[ -e "$SRC" ]] || { log "no Odoo 18.0 source: set ODOO_SRC (checkout or tarball); $SRC does not exist"; exit 1; }
SRC=$(cd "$(dirname "$SRC")" && pwd)/$(basename "$SRC")

if [[ -d "$SRC" ]]; then
    src_id=$(cd "$SRC" && { git rev-parse HEAD 2>/dev/null || echo "$SRC"; })
    req_file="$SRC/requirements.txt"
else
    src_id=$(sha256sum "$SRC" | cut -c1-64)
    req_file=""
fi
key=$({
    echo "$src_id"
    [[ -n "$req_file" ]] && cat "$req_file"
    cat "$ROOT/requirements.txt" "$ROOT/requirements-test.txt"
    "$BASE_PY" -c "import sys; print(sys.version)"
} | sha256sum | cut -c1-12)
HOME_DIR="$CACHE/odoo18-$key"
VENV="$HOME_DIR/venv"

if [[ -f "$HOME_DIR/.ready" ]]; then
    log "reusing cached Odoo 18.0 in $HOME_DIR"
    echo "ODOO_PY=$VENV/bin/python"
    echo "ODOO_BIN=$(cat "$HOME_DIR/.odoo_bin")"
    exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9  # two runs at once build one cache
if [[ -f "$HOME_DIR/.ready" ]]; then
    echo "ODOO_PY=$VENV/bin/python"; echo "ODOO_BIN=$(cat "$HOME_DIR/.odoo_bin")"; exit 0
fi
log "provisioning Odoo 18.0 into $HOME_DIR (once; later runs reuse it)"
rm -rf "$HOME_DIR"
mkdir -p "$HOME_DIR"

if [[ -d "$SRC" ]]; then
    ODOO_DIR=$SRC
else
    ODOO_DIR="$HOME_DIR/src"
    mkdir -p "$ODOO_DIR"
    log "extracting $SRC"
    tar -xf "$SRC" -C "$ODOO_DIR"
    # A tarball may hold the tree at its root or under one folder.
    if [[ ! -f "$ODOO_DIR/odoo-bin" ]]; then
        inner=$(dirname "$(find "$ODOO_DIR" -maxdepth 2 -name odoo-bin | head -n 1)")
        [[ -f "$inner/odoo-bin" ]] || { log "no odoo-bin in $SRC"; exit 1; }
        ODOO_DIR=$inner
    fi
fi

# Debian's headers for the requirements that build from source (psycopg2, python-ldap).
missing=()
for pkg in libpq-dev libldap2-dev libsasl2-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        log "installing Debian packages: ${missing[*]}"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >&2
    else
        log "missing Debian packages ${missing[*]} (run as root or install them)"
    fi
fi

log "creating the virtual environment"
"$BASE_PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip install -q --disable-pip-version-check)
"${PIP[@]}" "setuptools<70" wheel >&2
# cbor2 5.4.2 does not build on Python 3.11; 5.6.2 does (../shared/odoo/README.md).
sed 's/^cbor2==5.4.2.*/cbor2==5.6.2/' "$ODOO_DIR/requirements.txt" >"$HOME_DIR/odoo-requirements.txt"
log "installing Odoo's requirements (a few minutes, once)"
"${PIP[@]}" -r "$HOME_DIR/odoo-requirements.txt" >&2
# With setuptools<70, pkg_resources cannot see the newest zope wheels and the websocket
# (gevent) process dies at start with DistributionNotFound: pin the last ones it can.
"${PIP[@]}" "zope.interface==5.4.0" "zope.event==4.5.0" >&2
"${PIP[@]}" -r "$ROOT/requirements-test.txt" >&2
# Odoo itself on the environment's path, as an editable install would put it.
site=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
echo "$ODOO_DIR" >"$site/odoo18-source.pth"
imports_odoo18 "$VENV/bin/python" || { log "the new environment does not import odoo 18"; exit 1; }
echo "$ODOO_DIR/odoo-bin" >"$HOME_DIR/.odoo_bin"
touch "$HOME_DIR/.ready"
log "Odoo 18.0 ready"
echo "ODOO_PY=$VENV/bin/python"
echo "ODOO_BIN=$ODOO_DIR/odoo-bin"
