#!/usr/bin/env bash
# ensure-actionlint.sh — make sure actionlint (the GitHub Actions workflow linter) is available.
#
# Usage:  actionlint="$(bash scripts/ensure-actionlint.sh | tail -1)/actionlint"
#
# The LAST line printed on stdout is a directory holding `actionlint`; everything else goes to
# stderr. Idempotent. The version is pinned in tools/actionlint/go.mod (with go.sum's hashes);
# the binary is built from the Go module proxy only, once, and cached in
# ${ACTIONLINT_CACHE:-~/.cache/actionlint-gpv}/<version>/bin.
set -euo pipefail

log() { printf 'ensure-actionlint: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOD_DIR="$REPO_ROOT/tools/actionlint"
PKG="github.com/rhysd/actionlint/cmd/actionlint"

[ -f "$MOD_DIR/go.mod" ] || die "missing $MOD_DIR/go.mod"
VERSION="$(awk '$1 == "github.com/rhysd/actionlint" && $2 ~ /^v/ { print $2; exit }' "$MOD_DIR/go.mod")"
[ -n "$VERSION" ] || die "cannot read the github.com/rhysd/actionlint version from $MOD_DIR/go.mod"

CACHE_ROOT="${ACTIONLINT_CACHE:-${HOME:-/tmp}/.cache/actionlint-gpv}"
BIN_DIR="$CACHE_ROOT/$VERSION/bin"
STAMP_FILE="$CACHE_ROOT/$VERSION/build.stamp"
WANT_STAMP="$(cat "$MOD_DIR/go.mod" "$MOD_DIR/go.sum" | sha256sum | cut -d' ' -f1)"

cache_ready() {
  [ -x "$BIN_DIR/actionlint" ] && [ -f "$STAMP_FILE" ] && [ "$(cat "$STAMP_FILE")" = "$WANT_STAMP" ] || return 0
  log "using cached actionlint $VERSION in $BIN_DIR"
  echo "$BIN_DIR"
  exit 0
}
cache_ready

# shellcheck source=scripts/go-build-lock.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/go-build-lock.sh"
find_go "$MOD_DIR"
take_build_lock "$CACHE_ROOT/$VERSION"

TMP_BIN="$(mktemp -d "$CACHE_ROOT/$VERSION/.build.XXXXXX")"
trap 'rm -rf "$TMP_BIN"' EXIT
log "building actionlint $VERSION with $("$GO" version)"
start=$(date +%s)
(cd "$MOD_DIR" && CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" \
  "$GO" build -trimpath -ldflags "-s -w -X github.com/rhysd/actionlint.version=$VERSION" -o "$TMP_BIN/actionlint" "$PKG") >&2
log "built actionlint in $(( $(date +%s) - start ))s"
mkdir -p "$BIN_DIR"
mv -f "$TMP_BIN/actionlint" "$BIN_DIR/actionlint"
echo "$WANT_STAMP" >"$STAMP_FILE"
echo "$BIN_DIR"
