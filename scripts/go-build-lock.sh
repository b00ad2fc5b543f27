# Sourced by the ensure-*.sh scripts that build a Go tool into a cache: find the Go toolchain
# and take the cache's build lock. The caller defines log, die and cache_ready (which prints
# the tool's bin directory and exits when the cache already holds the build).

# The go binary, on PATH or in /usr/local/go; fails naming the go.mod whose 'go' line it needs.
find_go() {
  GO="$(command -v go || true)"
  [ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; } || true
  [ -n "$GO" ] || die "Go toolchain not found (need go >= the 'go' line of $1/go.mod)"
}

# One build per cache directory at a time: wait for another build's lock, then use what it built.
take_build_lock() {
  mkdir -p "$1"
  exec 9>"$1/.lock"
  if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
    log "another build is running; waiting for the lock $1/.lock"
    flock 9
  fi
  cache_ready
}
