#!/usr/bin/env bash
# Installs what building and testing Tramita needs on a fresh machine of the rust-svc kind.
# Idempotent: every step checks first, so `make run` and `make test` can call it each time.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=$( (grep -A1 '^name = "wasm-bindgen"$' "$(dirname "$0")/../Cargo.lock" 2>/dev/null || true) \
  | sed -n 's/^version = "\(.*\)"/\1/p' | head -n1) 
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.117}

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
# `tramita backup` and `restore` on PostgreSQL, and their test.
command -v pg_dump >/dev/null || need_apt+=(postgresql-client)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} from Debian's packages"
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# wasm-opt for release builds: Debian's binaryen 108 corrupts the externref table that
# wasm-bindgen 0.2.117 emits ("WebAssembly.Table.grow(): failed to grow table"); the npm build of
# binaryen 132 does not. The Makefile puts scripts/binaryen/node_modules/.bin first on the PATH.
binaryen_dir="$(dirname "$0")/binaryen"
if ! "$binaryen_dir/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version 132"; then
  echo "setup: installing binaryen 132 (wasm-opt) from the npm registry"
  (cd "$binaryen_dir" && npm ci --no-audit --no-fund --silent)
fi

# The notification tests start a real SMTP server: Python's aiosmtpd (app/tests/support/).
AIOSMTPD_VERSION=1.4.6
if ! python3 -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
  echo "setup: installing aiosmtpd $AIOSMTPD_VERSION from PyPI"
  python3 -m pip install --quiet --user --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION" \
    || python3 -m pip install --quiet --user --break-system-packages --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  echo "setup: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  echo "setup: installing cargo-leptos $CARGO_LEPTOS_VERSION"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi
