#!/usr/bin/env bash
# Runs the aepp contract test (tests/contract/aepp_contract.py) end to end:
#   1. scripts/contract/setup-aepp.sh prepares the venv (AEPP_VENV, default .tools/aepp-venv);
#   2. unless AEP_EMULATOR_URL is set, starts the built emulator (dist/emulator/cli.js, so run
#      `npm run build` first) on a free loopback port, and stops it again on exit;
#   3. runs the contract against it; extra arguments go to aepp_contract.py (e.g. --keep).
# Exits with the contract's status: 0 when every check passed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fail() {
  echo "run-aepp-contract: $*" >&2
  exit 1
}

python="$(bash "$root/scripts/contract/setup-aepp.sh" "${AEPP_VENV:-$root/.tools/aepp-venv}" | tail -n 1)"

if [ -z "${AEP_EMULATOR_URL:-}" ]; then
  [ -f "$root/dist/emulator/cli.js" ] || fail "dist/emulator/cli.js is missing: run npm run build first"
  log="$(mktemp)"
  node "$root/dist/emulator/cli.js" --port 0 --host 127.0.0.1 >"$log" 2>&1 &
  emu_pid=$!
  trap 'kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; rm -f "$log"' EXIT
  url=""
  for _ in $(seq 1 100); do
    url="$(sed -n 's/^AEP Flow Service emulator listening on //p' "$log")"
    [ -n "$url" ] && break
    kill -0 "$emu_pid" 2>/dev/null || {
      cat "$log" >&2
      fail "the emulator exited before it listened"
    }
    sleep 0.1
  done
  [ -n "$url" ] || fail "the emulator did not report its address within 10 s"
  export AEP_EMULATOR_URL="$url"
fi

"$python" "$root/tests/contract/aepp_contract.py" "$AEP_EMULATOR_URL" "$@"
