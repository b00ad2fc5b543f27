#!/usr/bin/env bash
# ensure-oci-clients.sh — make sure the OCI registry clients the registry tests drive are available:
# crane (go-containerregistry), oras, and the OCI distribution-spec conformance suite.
#
# Usage:  bin="$(bash scripts/ensure-oci-clients.sh | tail -1)"   # then "$bin/crane", "$bin/oras", "$bin/oci-conformance"
#
# The LAST line printed on stdout is a directory holding `crane`, `oras` and `oci-conformance`;
# everything else goes to stderr. Idempotent. Versions are pinned in tools/oci-clients/go.mod and
# tools/oci-conformance/go.mod (with their go.sum hashes); the binaries are built from the Go module
# proxy only, once, and cached in ${OCI_CLIENTS_CACHE:-~/.cache/oci-clients-gpv}/<stamp>/bin.
set -euo pipefail

log() { printf 'ensure-oci-clients: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS_DIR="$REPO_ROOT/tools/oci-clients"
CONFORMANCE_DIR="$REPO_ROOT/tools/oci-conformance"
for f in "$CLIENTS_DIR/go.mod" "$CLIENTS_DIR/go.sum" "$CONFORMANCE_DIR/go.mod" "$CONFORMANCE_DIR/go.sum"; do
  [ -f "$f" ] || die "missing $f"
done

# One cache entry per set of pins: changing a go.mod or go.sum builds again.
WANT_STAMP="$(cat "$CLIENTS_DIR/go.mod" "$CLIENTS_DIR/go.sum" "$CONFORMANCE_DIR/go.mod" "$CONFORMANCE_DIR/go.sum" | sha256sum | cut -d' ' -f1)"
CACHE_ROOT="${OCI_CLIENTS_CACHE:-${HOME:-/tmp}/.cache/oci-clients-gpv}"
VERSION="${WANT_STAMP:0:16}"
BIN_DIR="$CACHE_ROOT/$VERSION/bin"
STAMP_FILE="$CACHE_ROOT/$VERSION/build.stamp"

cache_ready() {
  [ -x "$BIN_DIR/crane" ] && [ -x "$BIN_DIR/oras" ] && [ -x "$BIN_DIR/oci-conformance" ] \
    && [ -f "$STAMP_FILE" ] && [ "$(cat "$STAMP_FILE")" = "$WANT_STAMP" ] || return 0
  log "using cached crane, oras and oci-conformance in $BIN_DIR"
  echo "$BIN_DIR"
  exit 0
}
cache_ready

# shellcheck source=scripts/go-build-lock.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/go-build-lock.sh"
find_go "$CLIENTS_DIR"
take_build_lock "$CACHE_ROOT/$VERSION"

TMP_BIN="$(mktemp -d "$CACHE_ROOT/$VERSION/.build.XXXXXX")"
trap 'rm -rf "$TMP_BIN"' EXIT
log "building crane, oras and the OCI conformance suite with $("$GO" version)"
start=$(date +%s)
export CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false -mod=readonly"
(cd "$CLIENTS_DIR" && "$GO" build -trimpath -ldflags "-s -w" -o "$TMP_BIN/" \
  github.com/google/go-containerregistry/cmd/crane oras.land/oras/cmd/oras) >&2
(cd "$CONFORMANCE_DIR" && "$GO" build -trimpath -ldflags "-s -w" -o "$TMP_BIN/oci-conformance" \
  github.com/opencontainers/distribution-spec/conformance) >&2
log "built in $(( $(date +%s) - start ))s"
mkdir -p "$BIN_DIR"
mv -f "$TMP_BIN/crane" "$TMP_BIN/oras" "$TMP_BIN/oci-conformance" "$BIN_DIR/"
echo "$WANT_STAMP" >"$STAMP_FILE"
echo "$BIN_DIR"
