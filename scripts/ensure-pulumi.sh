#!/usr/bin/env bash
# ensure-pulumi.sh — make sure a Pulumi CLI and the Node.js language host are available.
#
# Usage:  PATH="$(bash scripts/ensure-pulumi.sh | tail -1):$PATH"
#
# The LAST line printed on stdout is a directory holding `pulumi` and `pulumi-language-nodejs`;
# everything else goes to stderr. Idempotent: safe to run any number of times.
#
# 1. If `pulumi` on PATH is at least the version pinned in tools/pulumi-cli/go.mod and
#    `pulumi-language-nodejs` is on PATH too, print the directory of that `pulumi` and stop.
# 2. Else, if the cache already holds both binaries for the pinned versions, print that dir.
# 3. Else build both from the Go module proxy (only), using the pinned modules in
#    tools/pulumi-cli (the CLI) and tools/pulumi-cli/language-nodejs (the language host),
#    and install them into the cache.
#
# Environment:
#   PULUMI_CLI_CACHE         cache root (default: $HOME/.cache/pulumi-gpv);
#                            binaries go to $PULUMI_CLI_CACHE/<cli-version>/bin
#   PULUMI_GPV_IGNORE_PATH=1 do not use a pulumi found on PATH (always use/build the cache)
#   PULUMI_GPV_FORCE_BUILD=1 rebuild even when the cache is populated
#
# Why two Go modules: the Node.js language host module is untagged, and the only commit of it
# the module proxy here serves is the one of Pulumi v3.188.0 (pseudo-version
# v3.0.0-20250806165243-bee5e4fa4815). That source only compiles against pkg/sdk v3.188.0,
# while the CLI is v3.274.x, so each gets its own module (and dependency graph). The language
# host talks to the CLI over gRPC, so the two need not be the same release.
set -euo pipefail

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CLI_MOD_DIR="$REPO_ROOT/tools/pulumi-cli"
HOST_MOD_DIR="$CLI_MOD_DIR/language-nodejs"

CLI_PKG="github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
HOST_PKG="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
VERSION_VAR="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"

# Version of a required module, read from a go.mod (single source of truth for versions).
mod_version() { # <go.mod> <module path>
  awk -v m="$2" '($1 == m && $2 ~ /^v/) { print $2; exit } ($1 == "require" && $2 == m) { print $3; exit }' "$1"
}

[ -f "$CLI_MOD_DIR/go.mod" ] || die "missing $CLI_MOD_DIR/go.mod"
[ -f "$HOST_MOD_DIR/go.mod" ] || die "missing $HOST_MOD_DIR/go.mod"
CLI_VERSION="$(mod_version "$CLI_MOD_DIR/go.mod" github.com/pulumi/pulumi/pkg/v3)"
# The language host is built at a pseudo-version; stamp it with the sdk release it belongs to.
HOST_VERSION="$(mod_version "$HOST_MOD_DIR/go.mod" github.com/pulumi/pulumi/sdk/v3)"
[ -n "$CLI_VERSION" ] || die "cannot read the pulumi/pkg/v3 version from $CLI_MOD_DIR/go.mod"
[ -n "$HOST_VERSION" ] || die "cannot read the pulumi/sdk/v3 version from $HOST_MOD_DIR/go.mod"

# version_ge A B: true if A >= B (leading "v" ignored).
version_ge() {
  local a="${1#v}" b="${2#v}"
  [ "$(printf '%s\n%s\n' "$a" "$b" | sort -V | head -n1)" = "$b" ]
}

# --- 1. A recent enough pulumi already on PATH? ---------------------------------------------
if [ "${PULUMI_GPV_IGNORE_PATH:-}" != "1" ] && command -v pulumi >/dev/null 2>&1 \
  && command -v pulumi-language-nodejs >/dev/null 2>&1; then
  path_pulumi="$(command -v pulumi)"
  path_version="$(PULUMI_SKIP_UPDATE_CHECK=true timeout 60 "$path_pulumi" version 2>/dev/null | head -n1 | tr -d '[:space:]' || true)"
  if [[ "$path_version" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+ ]] && version_ge "$path_version" "$CLI_VERSION"; then
    log "using pulumi $path_version from PATH ($path_pulumi)"
    dirname "$path_pulumi"
    exit 0
  fi
  log "pulumi on PATH is ${path_version:-of unknown version}; need >= $CLI_VERSION"
fi

# --- 2. Cached build? -------------------------------------------------------------------------
CACHE_ROOT="${PULUMI_CLI_CACHE:-${HOME:-/tmp}/.cache/pulumi-gpv}"
VERSION_DIR="$CACHE_ROOT/$CLI_VERSION"
BIN_DIR="$VERSION_DIR/bin"
STAMP_FILE="$VERSION_DIR/build.stamp"

# Identify a build by the pinned module files, so changing a pin invalidates the cache.
stamp() {
  cat "$CLI_MOD_DIR/go.mod" "$CLI_MOD_DIR/go.sum" "$HOST_MOD_DIR/go.mod" "$HOST_MOD_DIR/go.sum" \
    | sha256sum | cut -d' ' -f1
}
WANT_STAMP="$(stamp)"

# Prints the cached bin dir and exits when the cache holds a current build.
cache_ready() {
  if [ "${PULUMI_GPV_FORCE_BUILD:-}" != "1" ] && cache_ok; then
    log "using cached pulumi $CLI_VERSION in $BIN_DIR"
    echo "$BIN_DIR"
    exit 0
  fi
}

cache_ok() {
  [ -x "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ] || return 1
  # A cache without a stamp (e.g. binaries copied in by hand) is accepted as is.
  [ ! -f "$STAMP_FILE" ] || [ "$(cat "$STAMP_FILE")" = "$WANT_STAMP" ]
}

cache_ready

# --- 3. Build ---------------------------------------------------------------------------------
# shellcheck source=scripts/go-build-lock.sh
. "$SCRIPT_DIR/go-build-lock.sh"
find_go "$CLI_MOD_DIR"
# Another process may have finished the build while we waited for the lock.
take_build_lock "$VERSION_DIR"

TMP_BIN="$(mktemp -d "$VERSION_DIR/.build.XXXXXX")"
trap 'rm -rf "$TMP_BIN"' EXIT

export CGO_ENABLED=0
export GOFLAGS="-modcacherw -buildvcs=false -mod=readonly"
# The host's pseudo-version is not in the public checksum database's cache here; go.sum pins
# its hashes, so only skip the sumdb lookup for that one module.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs"

log "building pulumi $CLI_VERSION and pulumi-language-nodejs ($HOST_VERSION) with $("$GO" version)"
log "this downloads modules from the Go module proxy and takes several minutes on a cold cache"
start=$(date +%s)
(cd "$HOST_MOD_DIR" && "$GO" build -trimpath -ldflags "-s -w -X $VERSION_VAR=$HOST_VERSION" \
  -o "$TMP_BIN/pulumi-language-nodejs" "$HOST_PKG") >&2
log "built pulumi-language-nodejs in $(( $(date +%s) - start ))s"
(cd "$CLI_MOD_DIR" && "$GO" build -trimpath -ldflags "-s -w -X $VERSION_VAR=$CLI_VERSION" \
  -o "$TMP_BIN/pulumi" "$CLI_PKG") >&2
log "built pulumi in $(( $(date +%s) - start ))s total"

got="$(PULUMI_SKIP_UPDATE_CHECK=true "$TMP_BIN/pulumi" version 2>/dev/null | head -n1 | tr -d '[:space:]' || true)"
[ "$got" = "$CLI_VERSION" ] || die "built pulumi reports version '$got', expected $CLI_VERSION"

mkdir -p "$BIN_DIR"
mv -f "$TMP_BIN/pulumi-language-nodejs" "$BIN_DIR/pulumi-language-nodejs"
mv -f "$TMP_BIN/pulumi" "$BIN_DIR/pulumi"
echo "$WANT_STAMP" >"$STAMP_FILE"
log "installed into $BIN_DIR"
echo "$BIN_DIR"
