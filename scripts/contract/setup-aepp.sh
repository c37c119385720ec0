#!/usr/bin/env bash
# Creates (or reuses) a Python virtualenv holding Adobe's aepp client at the pinned version, for
# tests/contract/aepp_contract.py.
#
#   bash scripts/contract/setup-aepp.sh [VENV_DIR]
#
# VENV_DIR defaults to .tools/aepp-venv under the repository root (.tools/ is git-ignored); a
# relative VENV_DIR is taken from the current directory. PYTHON picks the interpreter (default
# python3; aepp 0.6.0 needs Python >= 3.10). Idempotent: when VENV_DIR already holds the pinned
# aepp it returns at once without touching the network. The last line printed is the venv's python.
set -euo pipefail

AEPP_VERSION="0.6.0" # keep in step with PINNED_AEPP in tests/contract/aepp_contract.py
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
constraints="$here/aepp-constraints.txt" # resolved on CPython 3.11; used only there
venv="${1:-$root/.tools/aepp-venv}"
py="${PYTHON:-python3}"
stamp="$venv/.aepp-contract-stamp"

fail() {
  echo "setup-aepp: $*" >&2
  exit 1
}

want_stamp() {
  local c="none"
  if [ -f "$constraints" ]; then c="$(cksum <"$constraints" | cut -d' ' -f1)"; fi
  echo "aepp==$AEPP_VERSION constraints=$c"
}

installed_version() {
  "$venv/bin/python" - <<'EOF' 2>/dev/null
from importlib.metadata import version
print(version("aepp"))
EOF
}

# Fast path: the venv exists, works, and holds the pinned aepp (and was set up by this script
# with the same constraints).
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(want_stamp)" ] &&
  [ "$(installed_version || true)" = "$AEPP_VERSION" ]; then
  echo "setup-aepp: aepp $AEPP_VERSION already in $venv"
  echo "$venv/bin/python"
  exit 0
fi

command -v "$py" >/dev/null 2>&1 || fail "no Python interpreter '$py' (set PYTHON=/path/to/python3.10+)"
"$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  fail "$("$py" -V 2>&1) is too old: aepp $AEPP_VERSION needs Python >= 3.10 (set PYTHON=...)"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pip' >/dev/null 2>&1; then
  echo "setup-aepp: creating virtualenv $venv"
  mkdir -p "$(dirname "$venv")"
  "$py" -m venv --clear "$venv" || fail "could not create a virtualenv at $venv with $py (is the venv module installed?)"
fi
rm -f "$stamp"

args=(install --disable-pip-version-check --no-input --retries 2 --timeout 30 "aepp==$AEPP_VERSION")
venv_minor="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ -f "$constraints" ] && [ "$venv_minor" = "3.11" ]; then
  args+=(--constraint "$constraints")
else
  echo "setup-aepp: Python $venv_minor: installing aepp $AEPP_VERSION without $constraints (resolved on 3.11)"
fi

echo "setup-aepp: installing aepp $AEPP_VERSION into $venv"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "$venv/bin/python" -m pip "${args[@]}" >"$log" 2>&1; then
  if grep -qiE 'NewConnectionError|Max retries exceeded|Temporary failure in name resolution|Name or service not known|Connection refused|Network is unreachable|timed out|ProxyError|SSLError|from versions: none' "$log"; then
    tail -n 5 "$log" >&2
    fail "PyPI is unreachable from this machine (pip could not download aepp==$AEPP_VERSION); check the network or the pip index settings (PIP_INDEX_URL / pip.conf) and run this script again"
  fi
  tail -n 20 "$log" >&2
  fail "pip install aepp==$AEPP_VERSION failed (see the pip output above)"
fi

got="$(installed_version || true)"
[ "$got" = "$AEPP_VERSION" ] || fail "after pip install, the venv has aepp '${got:-none}', not $AEPP_VERSION"
"$venv/bin/python" -c 'import aepp, aepp.flowservice' >"$log" 2>&1 || {
  cat "$log" >&2
  fail "aepp $AEPP_VERSION installed but does not import"
}
want_stamp >"$stamp"
echo "setup-aepp: aepp $AEPP_VERSION ready in $venv"
echo "$venv/bin/python"
