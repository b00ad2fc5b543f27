#!/usr/bin/env bash
# Runs a command with the Pulumi CLI, the Node.js language host, the dynamic provider plugin
# (shipped in @pulumi/pulumi) and Node 22 first on PATH. The CLI is built once from the Go
# module proxy and cached under ~/.cache (scripts/ensure-pulumi.sh); nothing is downloaded
# from anywhere else, and the Pulumi projects run with a local file backend.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pulumi_bin="$(bash "$root/scripts/ensure-pulumi.sh" | tail -n 1)"
export PATH="$pulumi_bin:$root/node_modules/@pulumi/pulumi:$root/node_modules/.bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
exec "$@"
