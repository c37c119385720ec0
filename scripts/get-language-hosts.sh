#!/usr/bin/env bash
# Builds the Pulumi YAML and Python language hosts into .tools/pulumi/bin (beside the CLI that
# scripts/get-pulumi.sh builds there) and a Python virtualenv with the Pulumi SDK into
# .tools/pulumi/python-venv. Each part is cached under a stamp naming its versions, so a second run
# takes a second or two and a change of version rebuilds. Progress goes to stderr; the last line of
# stdout is the directory holding the hosts. scripts/get-pulumi.sh --yaml/--python calls this.
#
#   scripts/get-language-hosts.sh [--yaml] [--python] [--venv] [--check] [--cli-dir DIR]
#     --yaml      pulumi-language-yaml
#     --python    pulumi-language-python, pulumi-language-python-exec, pulumi-resource-pulumi-python
#                 and the virtualenv
#     --venv      only the virtualenv (for a CLI that ships its own hosts)
#     (none of the three: --yaml --python)
#     --check     then run a tiny program in each chosen language with `pulumi up` on a throw-away
#                 local backend, with the CLI in --cli-dir (default: .tools/pulumi/bin, else PATH)
#
# Using the hosts (the CLI finds pulumi-language-* beside its own binary or on PATH):
#   YAML:   Pulumi.yaml `runtime: yaml`.
#   Python: Pulumi.yaml `runtime: python`, and PULUMI_PYTHON_CMD=<repo>/.tools/pulumi/python-venv/bin/python
#           (or that venv's bin/ first on PATH). The `virtualenv` runtime option is NOT honoured by
#           this host (see below); it is still read by the CLI for the dynamic-provider shim.
#
# Where they come from (only the Go module proxy and PyPI are reachable):
# - YAML: github.com/pulumi/pulumi-yaml v1.25.0, the newest version the proxy serves (it lists
#   v1.11.1 and v1.25.0). Its go.mod has no replace directives, so `go install mod@version` builds it
#   as released (against pulumi pkg/sdk v3.206.0, its own pins); it speaks to the 3.248 CLI fine.
# - Python: the host's own module (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3)
#   is not served by the proxy at any version, like the Node.js one. It lived inside
#   github.com/pulumi/pulumi/sdk/v3 until v3.68.0 (the served v3.90.0 no longer has it), so it is
#   built from there. That host only starts `python pulumi-language-python-exec ...`; the exec script
#   and the dynamic-provider shim are copied from sdk/v3@v3.248.0 (plain files in that module), and
#   the program runs on the pulumi==3.248.0 SDK from PyPI. Because the v3.68 host predates runtime
#   options arriving in the RunRequest (a 3.248 CLI no longer passes them as -virtualenv flags), it
#   uses PULUMI_PYTHON_CMD or the first python3 on PATH.
set -euo pipefail

PULUMI_VERSION="v3.248.0"          # must match scripts/get-pulumi.sh (CLI and SDK pin)
YAML_VERSION="v1.25.0"
PYTHON_LANGHOST_VERSION="v3.68.0"  # last github.com/pulumi/pulumi/sdk/v3 that carried the Python host

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools/pulumi"
bin="$tools/bin"
src="$tools/src"
venv="$tools/python-venv"

say() { echo "[get-language-hosts] $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

want_yaml=0 want_python=0 want_venv=0 check=0 cli_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --yaml) want_yaml=1 ;;
    --python) want_python=1; want_venv=1 ;;
    --venv) want_venv=1 ;;
    --check) check=1 ;;
    --cli-dir) [ $# -ge 2 ] || fail "--cli-dir needs a directory"; cli_dir="$2"; shift ;;
    --cli-dir=*) cli_dir="${1#--cli-dir=}" ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) fail "unknown argument '$1' (try --help)" ;;
  esac
  shift
done
if [ $want_yaml = 0 ] && [ $want_python = 0 ] && [ $want_venv = 0 ]; then want_yaml=1 want_python=1 want_venv=1; fi

started=$SECONDS
mkdir -p "$bin" "$src"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
need_go() { command -v go >/dev/null 2>&1 || fail "step '$1': no 'go' on PATH (the hosts are built from the Go module proxy)"; }
# run_logged STEP LOG CMD...: runs CMD with its output in LOG; on failure shows the log's tail and names STEP.
run_logged() {
  local step="$1" log="$2"; shift 2
  if ! "$@" >>"$log" 2>&1; then
    tail -25 "$log" >&2
    fail "step '$step': '$*' failed (full log: $log)"
  fi
}

# --- YAML ---------------------------------------------------------------------------------------
yaml_stamp="$bin/.built-from-yaml"
yaml_want="yaml=$YAML_VERSION"
if [ $want_yaml = 1 ]; then
  if [ -x "$bin/pulumi-language-yaml" ] && [ "$(cat "$yaml_stamp" 2>/dev/null)" = "$yaml_want" ]; then
    say "using cached pulumi-language-yaml ($yaml_want)"
  else
    need_go "build pulumi-language-yaml"
    rm -f "$yaml_stamp"
    mkdir -p "$src/yaml"; log="$src/yaml/build.log"; : >"$log"
    t=$SECONDS
    say "building pulumi-language-yaml from github.com/pulumi/pulumi-yaml@$YAML_VERSION (about 1 minute cold on 2 cores)..."
    # `go install mod@version` builds with the module's own go.mod; GOFLAGS=-mod=mod is not allowed there.
    run_logged "build pulumi-language-yaml" "$log" env GOFLAGS= GOBIN="$src/yaml" go install \
      -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
      "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION"
    install -m 0755 "$src/yaml/pulumi-language-yaml" "$bin/pulumi-language-yaml"
    echo "$yaml_want" >"$yaml_stamp"
    say "  pulumi-language-yaml built in $((SECONDS - t)) s"
  fi
fi

# --- Python host --------------------------------------------------------------------------------
python_stamp="$bin/.built-from-python"
python_want="python-langhost=$PYTHON_LANGHOST_VERSION python-scripts=$PULUMI_VERSION"
python_files=(pulumi-language-python pulumi-language-python-exec pulumi-resource-pulumi-python)
python_cached() {
  local f; for f in "${python_files[@]}"; do [ -x "$bin/$f" ] || return 1; done
  [ "$(cat "$python_stamp" 2>/dev/null)" = "$python_want" ]
}
if [ $want_python = 1 ]; then
  if python_cached; then
    say "using cached pulumi-language-python ($python_want)"
  else
    need_go "build pulumi-language-python"
    rm -f "$python_stamp"
    # A wrapper module, as for the Node.js host in get-pulumi.sh. (A stale directory from an earlier
    # attempt held a go.mod for another version, so it is started afresh when the stamp is wrong.)
    rm -rf "$src/python-langhost"; mkdir -p "$src/python-langhost"
    log="$src/python-langhost/build.log"; : >"$log"
    t=$SECONDS
    say "building pulumi-language-python from github.com/pulumi/pulumi/sdk/v3@$PYTHON_LANGHOST_VERSION (under half a minute cold)..."
    (
      cd "$src/python-langhost"
      export GOFLAGS="-mod=mod"
      run_logged "build pulumi-language-python (go mod init)" "$log" go mod init aep-dataflows/pulumi-language-python-build
      run_logged "build pulumi-language-python (go get)" "$log" \
        go get "github.com/pulumi/pulumi/sdk/v3@$PYTHON_LANGHOST_VERSION" \
        "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python@$PYTHON_LANGHOST_VERSION"
      run_logged "build pulumi-language-python (go build)" "$log" go build \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PYTHON_LANGHOST_VERSION" \
        -o "$bin/pulumi-language-python" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
      # The exec script and the dynamic-provider shim must match the SDK, so they come from the 3.248 module.
      say "  copying pulumi-language-python-exec and pulumi-resource-pulumi-python from github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
      run_logged "download github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" "$log" \
        go mod download -json "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
      sdkdir="$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
      [ -n "$sdkdir" ] && [ -f "$sdkdir/python/cmd/pulumi-language-python-exec" ] && [ -f "$sdkdir/python/dist/pulumi-resource-pulumi-python" ] \
        || fail "step 'python helper scripts': not found in the module directory '$sdkdir'"
      install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$bin/pulumi-language-python-exec"
      install -m 0755 "$sdkdir/python/dist/pulumi-resource-pulumi-python" "$bin/pulumi-resource-pulumi-python"
    )
    echo "$python_want" >"$python_stamp"
    say "  pulumi-language-python built in $((SECONDS - t)) s"
  fi
fi

# --- Python virtualenv --------------------------------------------------------------------------
if [ $want_venv = 1 ]; then
  py="${AEP_PYTHON:-python3}"
  command -v "$py" >/dev/null 2>&1 || fail "step 'python virtualenv': no '$py' on PATH (set AEP_PYTHON to a Python 3 interpreter)"
  pyver="$("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')" || fail "step 'python virtualenv': '$py' does not run"
  venv_stamp="$venv/.built-from"
  venv_want="pulumi==${PULUMI_VERSION#v} python=$pyver path=$venv"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv_stamp" 2>/dev/null)" = "$venv_want" ]; then
    say "using cached Python virtualenv $venv ($venv_want)"
  else
    t=$SECONDS
    say "creating the Python virtualenv $venv with pulumi==${PULUMI_VERSION#v} from PyPI (Python $pyver)..."
    rm -rf "$venv"
    mkdir -p "$src"; log="$src/python-venv.log"; : >"$log"
    run_logged "python virtualenv (python -m venv)" "$log" "$py" -m venv "$venv"
    run_logged "python virtualenv (pip install pulumi==${PULUMI_VERSION#v})" "$log" \
      "$venv/bin/python" -m pip install --disable-pip-version-check --no-input "pulumi==${PULUMI_VERSION#v}"
    echo "$venv_want" >"$venv_stamp"
    say "  virtualenv ready in $((SECONDS - t)) s"
  fi
  say "Python programs: PULUMI_PYTHON_CMD=$venv/bin/python"
fi

# --- Check --------------------------------------------------------------------------------------
if [ $check = 1 ]; then
  if [ -z "$cli_dir" ]; then
    if [ -x "$bin/pulumi" ]; then cli_dir="$bin"
    elif command -v pulumi >/dev/null 2>&1; then cli_dir="$(dirname "$(command -v pulumi)")"
    else fail "step 'check': no Pulumi CLI in $bin nor on PATH (run scripts/get-pulumi.sh first)"; fi
  fi
  [ -x "$cli_dir/pulumi" ] || fail "step 'check': no pulumi in $cli_dir"
  work="$(mktemp -d "${TMPDIR:-/tmp}/aep-langhost-check.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  # smoke LANG: runs the program already written to $work/LANG, expects output x == 1.
  smoke() {
    local lang="$1" dir="$work/$1" log="$work/$1.log"
    mkdir -p "$work/state-$lang" "$work/home-$lang"
    say "check: 'pulumi up' of a tiny $lang program on a local backend..."
    if ! (
      cd "$dir"
      export PATH="$cli_dir:$bin:$PATH" PULUMI_HOME="$work/home-$lang" PULUMI_BACKEND_URL="file://$work/state-$lang" \
        PULUMI_CONFIG_PASSPHRASE=x PULUMI_SKIP_UPDATE_CHECK=true PULUMI_PYTHON_CMD="$venv/bin/python"
      # (set -e does not apply inside an `if` condition, hence the explicit exits)
      pulumi stack init check --non-interactive || exit 1
      pulumi config set greeting hello || exit 1
      pulumi up --yes --non-interactive || exit 1
      x="$(pulumi stack output x)" || exit 1
      [ "$x" = "1" ] || { echo "output x is '$x', expected 1"; exit 1; }
      greeting="$(pulumi stack output greeting)" || exit 1
      [ "$greeting" = "hello" ] || { echo "output greeting is '$greeting', expected 'hello'"; exit 1; }
      pulumi destroy --yes --non-interactive || exit 1
    ) >"$log" 2>&1; then
      tail -30 "$log" >&2
      fail "step 'check $lang': the tiny program did not deploy (see above)"
    fi
    say "check: $lang OK"
  }
  if [ $want_yaml = 1 ]; then
    mkdir -p "$work/yaml"
    cat >"$work/yaml/Pulumi.yaml" <<'EOF'
name: langhost-check-yaml
runtime: yaml
config:
  greeting:
    type: string
outputs:
  x: 1
  greeting: ${greeting}
EOF
    smoke yaml
  fi
  if [ $want_python = 1 ] || { [ $want_venv = 1 ] && PATH="$cli_dir:$PATH" command -v pulumi-language-python >/dev/null 2>&1; }; then
    mkdir -p "$work/python"
    printf 'name: langhost-check-python\nruntime:\n  name: python\n  options:\n    virtualenv: %s\n' "$venv" >"$work/python/Pulumi.yaml"
    # A dynamic resource too, so that the pulumi-resource-pulumi-python shim is exercised.
    cat >"$work/python/__main__.py" <<'EOF'
import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class Echo(ResourceProvider):
    def create(self, props):
        return CreateResult(id_="echo", outs={"value": props["value"]})


class EchoResource(Resource):
    value: pulumi.Output[str]

    def __init__(self, name, value):
        super().__init__(Echo(), name, {"value": value})


echo = EchoResource("echo", pulumi.Config().require("greeting"))
pulumi.export("x", 1)
pulumi.export("greeting", echo.value)
EOF
    smoke python
  fi
fi

say "done in $((SECONDS - started)) s; hosts in $bin"
echo "$bin"
