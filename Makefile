# The two commands of the README. Both install what is missing first (scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(CURDIR)/scripts/binaryen/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test setup lint

setup:
	@bash scripts/setup.sh

## Builds the release and serves http://127.0.0.1:3000 on SQLite under ./data, demo data loaded.
run: setup
	cargo leptos build --release
	./target/release/tramita seed demo
	./target/release/tramita serve

## Every test: unit, store and HTTP tests on SQLite and PostgreSQL, browser tests in Chromium.
test: setup
	@bash scripts/test.sh

## What every commit must pass.
lint:
	cargo fmt --all -- --check
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
