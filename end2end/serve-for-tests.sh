#!/usr/bin/env bash
# Starts the debug build on a fresh SQLite database with the demo organisation, for the
# browser tests, with a real SMTP server beside it (app/tests/support/smtp_sink.py) that writes
# every mail it receives as JSON into $E2E_MAIL_DIR, where the tests read them. The test clock
# route is on (TRAMITA_TEST_CLOCK=1). `cargo leptos build` must have run first.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3210}
# A known place, so that tests can read the text messages written to its outbox folder.
data=${E2E_DATA_DIR:-/tmp/tramita-e2e-data-$port}
rm -rf "$data" && mkdir -p "$data"
mail=${E2E_MAIL_DIR:-/tmp/tramita-e2e-mail-$port}
rm -rf "$mail" && mkdir -p "$mail"
smtp_port=$((port + 1))
python3 app/tests/support/smtp_sink.py 127.0.0.1 "$smtp_port" "$mail" &
sink=$!
trap 'kill $sink 2>/dev/null || true' EXIT INT TERM
export TRAMITA_DATA_DIR="$data" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site"
export TRAMITA_MAX_UPLOAD_MB=2 RUST_LOG=${RUST_LOG:-warn}
export TRAMITA_SMTP_URL="smtp://127.0.0.1:$smtp_port" TRAMITA_TEST_CLOCK=1
unset DATABASE_URL
# TRAMITA_E2E_BIN runs another build of the binary (a copy kept aside while other builds share target/).
bin=${TRAMITA_E2E_BIN:-./target/debug/tramita}
"$bin" seed demo
"$bin" serve &
server=$!
trap 'kill $server $sink 2>/dev/null || true' EXIT INT TERM
wait $server
