#!/usr/bin/env bash
# Lints every GitHub Actions workflow of the repository with actionlint (pinned in
# tools/actionlint, built once from the Go module proxy by scripts/ensure-actionlint.sh): the
# workflows shipped as examples (examples/*/.github/workflows) and the repository's own, if any.
# shellcheck and pyflakes are turned off so the result does not depend on what else is installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="$(bash scripts/ensure-actionlint.sh | tail -n 1)"
mapfile -t files < <(find examples .github -path '*/.github/workflows/*' \( -name '*.yml' -o -name '*.yaml' \) -type f 2>/dev/null | sort)
[ "${#files[@]}" -gt 0 ] || { echo "lint-workflows: no workflow files found" >&2; exit 1; }
"$bin/actionlint" -shellcheck= -pyflakes= "${files[@]}"
echo "lint-workflows: ${#files[@]} workflow file(s) pass actionlint: ${files[*]}"
