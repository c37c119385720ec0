#!/usr/bin/env bash
# Generates the SDK of the `aep` provider plugin (bin/pulumi-resource-aep) for one language from its
# package schema, and prints the SDK's directory as the last line of stdout (progress goes to stderr).
#
#   scripts/gen-sdk.sh --language python|nodejs --out DIR
#     DIR must be absent or empty. Python: DIR holds pyproject.toml and pulumi_aep/, ready for
#     `pip install DIR`. Node.js: DIR holds package.json and the TypeScript sources (@pulumi-aep/aep).
#
# Steps:
#   1. the generator: scripts/sdkgen/main.go built against github.com/pulumi/pulumi/pkg/v3 at the
#      CLI's version (the PULUMI_VERSION of scripts/get-pulumi.sh), cached in .tools/sdkgen/<version>;
#      it reuses the module list the CLI build resolved (.tools/pulumi/src/cli/go.mod, go.sum) when
#      there is one, else runs `go get` from the Go module proxy. About 1-2 minutes cold, then cached.
#   2. the schema: packageSchema(<package.json version>) from dist/provider/plugin/schema.js (run
#      `npm run build` first).
#   3. the SDK: the generator writes it into DIR.
#
# Why not `pulumi package gen-sdk`: the CLI hands generation to the language host (GeneratePackage),
# and the hosts this repository can build (v3.68.0, see scripts/get-language-hosts.sh) predate that
# call ("method GeneratePackage not implemented"). The generator runs the same code newer hosts run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { echo "[gen-sdk] $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

language="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --language) [ $# -ge 2 ] || fail "--language needs python or nodejs"; language="$2"; shift ;;
    --language=*) language="${1#--language=}" ;;
    --out) [ $# -ge 2 ] || fail "--out needs a directory"; out="$2"; shift ;;
    --out=*) out="${1#--out=}" ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) fail "unknown argument '$1' (try --help)" ;;
  esac
  shift
done
case "$language" in
  python|nodejs) ;;
  "") fail "--language is required (python or nodejs)" ;;
  *) fail "--language '$language': the generator makes python or nodejs" ;;
esac
[ -n "$out" ] || fail "--out DIR is required"
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  fail "--out $out is not empty: remove it first or choose another directory (old files would stay beside the new SDK)"
fi
started=$SECONDS

# --- 1. The generator ---------------------------------------------------------------------------
version="$(sed -n 's/^PULUMI_VERSION="\(v[^"]*\)".*/\1/p' "$root/scripts/get-pulumi.sh")"
[ -n "$version" ] || fail "step 'generator': no PULUMI_VERSION=\"v...\" line in scripts/get-pulumi.sh"
cache="$root/.tools/sdkgen/$version"
generator="$cache/sdkgen"
stamp="$cache/.built-from"
command -v sha256sum >/dev/null 2>&1 || fail "step 'generator': no sha256sum on PATH"
want="pkg=$version main.go=$(sha256sum "$root/scripts/sdkgen/main.go" | cut -d' ' -f1)"

if [ -x "$generator" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  say "using the cached generator $generator (github.com/pulumi/pulumi/pkg/v3@$version)"
else
  command -v go >/dev/null 2>&1 || fail "step 'generator': no 'go' on PATH (the generator is built from the Go module proxy)"
  t=$SECONDS
  rm -rf "$cache"; mkdir -p "$cache"
  log="$cache/build.log"; : >"$log"
  # run_logged STEP CMD...: CMD with its output in the log; on failure the log's tail and the step.
  run_logged() {
    local step="$1"; shift
    if ! (cd "$cache" && "$@") >>"$log" 2>&1; then
      tail -25 "$log" >&2
      fail "step 'generator: $step': '$*' failed (full log: $log)"
    fi
  }
  export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  cp "$root/scripts/sdkgen/main.go" "$cache/main.go"
  cli_mod="$root/.tools/pulumi/src/cli"
  if [ -f "$cli_mod/go.sum" ] && grep -q "github.com/pulumi/pulumi/pkg/v3 $version" "$cli_mod/go.mod"; then
    say "building the generator with github.com/pulumi/pulumi/pkg/v3@$version, from the modules the CLI build resolved..."
    cp "$cli_mod/go.mod" "$cli_mod/go.sum" "$cache/"
    run_logged "go mod edit" go mod edit -module aep-dataflows/sdkgen
  else
    say "building the generator with github.com/pulumi/pulumi/pkg/v3@$version from the Go module proxy (about 2-5 minutes cold)..."
    run_logged "go mod init" go mod init aep-dataflows/sdkgen
    run_logged "go get" go get "github.com/pulumi/pulumi/pkg/v3@$version" "github.com/pulumi/pulumi/sdk/v3@$version"
  fi
  run_logged "go build" go build -o sdkgen .
  echo "$want" >"$stamp"
  say "  generator built in $((SECONDS - t)) s: $generator"
fi

# --- 2. The schema ------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || fail "step 'schema': no 'node' on PATH"
[ -f "$root/dist/provider/plugin/schema.js" ] || fail "step 'schema': $root/dist/provider/plugin/schema.js is missing; run 'npm run build' first"
schema="$(mktemp "${TMPDIR:-/tmp}/aep-schema.XXXXXX.json")"
trap 'rm -f "$schema"' EXIT
node -e '
  const [root, file] = process.argv.slice(1);
  const { version } = require(`${root}/package.json`);
  const { packageSchema } = require(`${root}/dist/provider/plugin/schema.js`);
  require("node:fs").writeFileSync(file, JSON.stringify(packageSchema(version), null, 2));
  console.error(`[gen-sdk] schema of aep ${version} written`);
' "$root" "$schema" || fail "step 'schema': packageSchema() of dist/provider/plugin/schema.js did not run (see above)"

# --- 3. The SDK ---------------------------------------------------------------------------------
mkdir -p "$out"
out="$(cd "$out" && pwd)"
say "generating the $language SDK into $out..."
"$generator" "$schema" "$language" "$out" || fail "step 'generate $language': the generator refused the schema (see above)"
say "done in $((SECONDS - started)) s"
echo "$out"
