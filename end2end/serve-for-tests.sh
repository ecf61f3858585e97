#!/usr/bin/env bash
# Starts the debug build on a fresh SQLite database with the demo organisation, for the
# browser tests. `cargo leptos build` must have run first.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3210}
data=$(mktemp -d -t tramita-e2e-XXXXXX)
export TRAMITA_DATA_DIR="$data" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site"
export TRAMITA_MAX_UPLOAD_MB=2 RUST_LOG=${RUST_LOG:-warn}
unset DATABASE_URL
# TRAMITA_E2E_BIN runs another build of the binary (a copy kept aside while other builds share target/).
bin=${TRAMITA_E2E_BIN:-./target/debug/tramita}
"$bin" seed demo
exec "$bin" serve
