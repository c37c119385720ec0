#!/usr/bin/env bash
# Finds or builds a Pulumi CLI for the demo, the end-to-end tests and CI, and prints the directory
# to put on PATH as its last line of stdout (progress goes to stderr).
#
# In order: a `pulumi` already on PATH (with `pulumi-language-nodejs` beside it); a copy built
# earlier into .tools/pulumi/bin; a build from the Go module proxy; as a last resort the npm package
# `pulumi`, which downloads the CLI from get.pulumi.com (works on a laptop, not on a machine that
# reaches only package registries).
#
#   scripts/get-pulumi.sh [--yaml] [--python] [--check]
#     --yaml, --python  also provide the YAML / Python language host (and for Python a virtualenv with
#                       the pulumi SDK in .tools/pulumi/python-venv) through scripts/get-language-hosts.sh,
#                       which says where they come from and how to use them; a CLI on PATH is then
#                       used only if those hosts are on PATH too
#     --check           with --yaml/--python: deploy a tiny program in each on a throw-away local backend
#
# Why two versions: the CLI module github.com/pulumi/pulumi/pkg/v3 is served at v3.248.0 (matching
# the @pulumi/pulumi 3.248.x SDK pin), but the Node.js language host's own module
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the module
# proxy at any version. Until v3.68.0 the language host lived inside github.com/pulumi/pulumi/sdk/v3,
# which is served, so it is built from there. It only starts `@pulumi/pulumi/cmd/run` from the
# program's node_modules, so the program still runs on the 3.248 SDK; the end-to-end suite is what
# proves the pair works.
set -euo pipefail

PULUMI_VERSION="v3.248.0"
LANGHOST_VERSION="v3.68.0"
CLIPBOARD_FORK="github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools/pulumi"
bin="$tools/bin"
stamp="$bin/.built-from"
want="cli=$PULUMI_VERSION langhost=$LANGHOST_VERSION"

say() { echo "[get-pulumi] $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

host_args=() want_python=0 want_yaml=0
while [ $# -gt 0 ]; do
  case "$1" in
    --yaml) want_yaml=1; host_args+=(--yaml) ;;
    --python) want_python=1; host_args+=(--python) ;;
    --check) host_args+=(--check) ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) fail "unknown argument '$1' (try --help)" ;;
  esac
  shift
done

# language_hosts CLI_DIR ARGS...: the YAML/Python hosts (or only the Python virtualenv, for a CLI that
# ships its own hosts), when asked for. Their stdout goes to stderr: ours ends with the CLI directory.
language_hosts() {
  local dir="$1"; shift
  [ $# -gt 0 ] || return 0
  [ "$want_yaml" = 1 ] || [ "$want_python" = 1 ] || return 0
  bash "$root/scripts/get-language-hosts.sh" --cli-dir "$dir" "$@" >&2 \
    || fail "step 'language hosts': scripts/get-language-hosts.sh $* failed (its reasons are printed above)"
}
# hosts_on_path: every host asked for is on PATH.
hosts_on_path() {
  { [ "$want_yaml" = 0 ] || command -v pulumi-language-yaml >/dev/null 2>&1; } &&
    { [ "$want_python" = 0 ] || command -v pulumi-language-python >/dev/null 2>&1; }
}
# venv_args: for a CLI that ships its own hosts, only the Python virtualenv is still needed (and
# checked with that CLI's Python host when --check is given).
venv_args() {
  [ "$want_python" = 1 ] || return 0
  local a
  for a in "${host_args[@]}"; do
    case "$a" in --python) echo --venv ;; --check) echo --check ;; esac
  done
}

dynamic_provider_plugin() {
  # The engine looks for pulumi-resource-pulumi-nodejs beside its own binary; it ships in @pulumi/pulumi.
  local src="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  [ -f "$src" ] || fail "step 'dynamic-provider plugin': $src is missing; run 'npm ci' first"
  install -m 0755 "$src" "$1/pulumi-resource-pulumi-nodejs"
}

# 1. Already on PATH.
if [ "${AEP_PULUMI_FORCE_BUILD:-}" != "1" ] && command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1 && hosts_on_path; then
  dir="$(dirname "$(command -v pulumi)")"
  say "using pulumi on PATH: $dir ($(pulumi version 2>/dev/null || echo 'version unknown'))"
  # shellcheck disable=SC2046
  language_hosts "$dir" $(venv_args)
  echo "$dir"
  exit 0
fi

# 2. Built earlier.
if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  dynamic_provider_plugin "$bin"
  say "using cached build in $bin ($want)"
  language_hosts "$bin" "${host_args[@]}"
  echo "$bin"
  exit 0
fi

# 3. Build from the Go module proxy.
build_from_go() {
  command -v go >/dev/null 2>&1 || { say "step 'go toolchain': no 'go' on PATH"; return 1; }
  local started=$SECONDS
  local src="$tools/src"
  mkdir -p "$src/cli" "$src/langhost" "$bin"
  export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

  # The modules' go.mod files carry `replace` directives (../sdk, a clipboard fork), so `go install
  # pkg@version` refuses them; a throw-away wrapper module requires them and repeats the replace.
  say "building the Pulumi CLI $PULUMI_VERSION from the Go module proxy (about 3-6 minutes on 2 cores)..."
  (
    cd "$src/cli"
    [ -f go.mod ] || go mod init aep-dataflows/pulumi-cli-build >/dev/null 2>&1
    go mod edit -replace "github.com/atotto/clipboard=$CLIPBOARD_FORK"
    say "  go get github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION (downloads the dependencies)"
    go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" >"$src/cli/get.log" 2>&1 \
      || { tail -20 "$src/cli/get.log" >&2; exit 1; }
    say "  go build ./cmd/pulumi"
    go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  ) || { say "step 'build pulumi CLI' failed"; return 1; }
  say "  CLI built after $((SECONDS - started)) s"

  say "building pulumi-language-nodejs from github.com/pulumi/pulumi/sdk/v3@$LANGHOST_VERSION..."
  (
    cd "$src/langhost"
    [ -f go.mod ] || go mod init aep-dataflows/pulumi-langhost-build >/dev/null 2>&1
    go get "github.com/pulumi/pulumi/sdk/v3@$LANGHOST_VERSION" >"$src/langhost/get.log" 2>&1 \
      || { tail -20 "$src/langhost/get.log" >&2; exit 1; }
    go get "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$LANGHOST_VERSION" >>"$src/langhost/get.log" 2>&1 \
      || { tail -20 "$src/langhost/get.log" >&2; exit 1; }
    go build -o "$bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  ) || { say "step 'build pulumi-language-nodejs' failed"; return 1; }

  dynamic_provider_plugin "$bin"
  echo "$want" >"$stamp"
  say "done in $((SECONDS - started)) s: $("$bin/pulumi" version)"
}

if build_from_go; then
  language_hosts "$bin" "${host_args[@]}"
  echo "$bin"
  exit 0
fi

# 4. Last resort: the npm package `pulumi`, which downloads the CLI from get.pulumi.com.
say "trying the npm package 'pulumi' (downloads the CLI from get.pulumi.com; needs internet access)..."
if (cd "$root" && npx --yes "pulumi@${PULUMI_VERSION#v}" version >&2); then
  dir="$(ls -d "$HOME"/.pulumi/versions/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -n "$dir" ] && [ -x "$dir/pulumi" ]; then
    say "using $dir"
    # shellcheck disable=SC2046
    language_hosts "$dir" $(venv_args)
    echo "$dir"
    exit 0
  fi
fi
fail "no Pulumi CLI: none on PATH, no cached build in $bin, the Go build failed (see above), and the npm package 'pulumi' could not download one"
