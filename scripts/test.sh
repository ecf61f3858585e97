#!/usr/bin/env bash
# Runs every test of Tramita; `make test` calls it after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# PostgreSQL: the store and HTTP tests run on it as well as on SQLite.
export TRAMITA_TEST_PG_URL=${TRAMITA_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! pg_up && [ -d /etc/postgresql ]; then
  echo "test: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
  if [ "${CI:-}" = "true" ]; then
    echo "test: PostgreSQL at 127.0.0.1:5432 cannot be reached; under CI that is a failure" >&2
    exit 1
  fi
  echo "test: PostgreSQL is not reachable; its tests will say SKIPPED" >&2
else
  # Databases left by tests that were killed half-way.
  psql -q "$TRAMITA_TEST_PG_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'tramita_t_%'" 2>/dev/null \
    | while read -r db; do psql -q "$TRAMITA_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true; done
fi

# One cargo invocation builds everything the tests need on the server side: the app crate is
# compiled once (with `ssr`) for its own tests, the server's tests and the `tramita` binary the
# browser tests run (cargo builds a package's binaries for its integration tests, into
# target/debug). Separate invocations unified features differently and compiled the app and about
# a hundred dependencies two or three times.
# cargo-leptos compiles debug builds with `--cfg erase_components` (type-erased views) on both
# sides; the server binary must be built the same way or the browser cannot hydrate its pages.
echo "== browser site: the WASM bundle, styles and assets (target/site)"
cargo leptos build --frontend-only
echo "== unit, store and HTTP tests (app and server, SQLite and PostgreSQL)"
RUSTFLAGS="--cfg erase_components" cargo test -p app -p server --features app/ssr

echo "== browser tests (end2end, Chromium)"
cd end2end
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
fi
npx playwright test
