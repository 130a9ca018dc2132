# settlement-preview: every command installs what it needs (.ci/bootstrap) on a fresh machine.
#   make test   every test: fmt, clippy, native tests and scenarios, wasm, npm package, JS tests
#   make demo   the built-in example order, previewed step by step, as a table (the CLI's demo)
#   make serve  builds the npm package and serves the admin page (examples/admin/) on
#               http://127.0.0.1:$(PORT)/ (PORT 8080), loopback only; with VTEX_ACCOUNT,
#               VTEX_APP_KEY and VTEX_APP_TOKEN in the environment, also a GET-only proxy to
#               that account (orders by id, gateway records) that keeps the key and token in
#               the server (examples/admin/README.md: routes, answers, security model)
#   make test-props     the property tests, PROPTEST_CASES (10 000) random orders, release mode
#   make proptest-long  the same with LONG_CASES (1 000 000) cases
#   make fuzz           a cargo-fuzz target (FUZZ_TARGET: simulate_json, the JSON entry point,
#                       json_reader, the JSON reader against serde_json,
#                       from_vtex, VTEX's documents, or
#                       operations, structured) for FUZZ_SECONDS (60), seeded from the scenarios
#   make pkg            the npm package in pkg/ (one .wasm; the default entry embeds it, CommonJS
#                       for Node and require, /web fetches the file)
#   make test-wasm      the wasm tests (the bindings) through wasm-pack, in Node and in headless
#                       Chromium; fails unless each run passed every test
#   make test-js        the JS tests against pkg/ installed from its `npm pack` tarball, then a
#                       short soak (SOAK_SHORT, 40 000 calls, a few seconds)
#   make test-ecosystem the package from its tarball in every tool front-end code runs in (a
#                       small app per tool, in headless Chromium; heavier, CI runs it after test)
#   make soak           the long soak: SOAK_CALLS (1 000 000) previews, applies and simulations
#                       from Node; fails if WebAssembly or process memory grows
#   make test-python    the Python package (python/): builds the abi3 wheel with maturin, installs
#                       it in a fresh venv with pyarrow, pandas, pyspark and pytest (pip's cache
#                       kept), runs python/tests: scenarios, VTEX fixtures, reconcile_batch, and
#                       Spark local[2] against the CLI's report (JDK 17, no network)
#   make bench          the native engine, reconciliation (benches/reconcile.sh), then the npm
#                       package from Node against the JSON floor (10 to 10 000 items, cold
#                       start, sizes): writes BENCHMARKS.md
#   make export         a generated export to reconcile: N (1000) orders, SEED (1), RATE (0.05)
#                       of them with an injected discrepancy, the three modes; OUT
#                       (export.jsonl) and its truth file OUT.truth
#   make bench-reconcile  reconciliation's figures only (RECONCILE_BIG=0 skips the million)
#   make bench-python   reconcile_batch and Spark local[2] against the CLI on the same 100 000
#                       orders (benches/python.py, after make test-python): target/bench-python.md
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c
export CARGO_TERM_COLOR := never

.PHONY: test demo serve lint test-native bootstrap test-props proptest-long fuzz fuzz-seed \
	lint-wasm test-wasm pkg test-js soak bench test-ecosystem test-python export \
	bench-reconcile bench-python

PROPTEST_CASES ?= 10000
LONG_CASES ?= 1000000
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= simulate_json
SOAK_SHORT ?= 40000
SOAK_CALLS ?= 1000000

test: lint test-native test-props lint-wasm test-wasm test-js

bootstrap:
	./.ci/bootstrap

lint:
	cargo fmt --check
	cargo clippy --all-targets --all-features --quiet -- -D warnings

test-native:
	cargo test --quiet --all-features

# Release mode: 10 000 cases of up to 30 operations run in a few seconds.
test-props:
	PROPTEST_CASES=$(PROPTEST_CASES) PROPERTY_STATS=1 cargo test --quiet --release --test properties --test regressions -- --nocapture

proptest-long:
	time PROPTEST_CASES=$(LONG_CASES) PROPERTY_STATS=1 cargo test --release --test properties -- --nocapture

fuzz-seed:
	./fuzz/seed.sh

fuzz: fuzz-seed
	./.ci/bootstrap fuzz
	mkdir -p fuzz/corpus/$(FUZZ_TARGET)
	cd fuzz && cargo +nightly fuzz run $(FUZZ_TARGET) -O corpus/$(FUZZ_TARGET) -- \
	  -dict=json.dict -max_total_time=$(FUZZ_SECONDS)

# The command-line tool's `demo` (native, feature `cli`: no WebAssembly toolchain needed).
demo:
	@cargo run --quiet --features cli --bin settlement-preview -- demo
	echo
	echo "Next: the admin page previews as you type: run 'make serve' and open http://127.0.0.1:8080/"

PORT ?= 8080
serve: pkg
	node examples/admin/serve.mjs --pkg pkg --port $(PORT)

# The native engine, then the built package from Node side by side with
# JSON.parse(JSON.stringify(state)) (benches/js/bench.mjs); writes BENCHMARKS.md.
bench: pkg
	./.ci/npm-deps bench
	mkdir -p target
	cargo bench --quiet --bench engine | tee target/bench-native.txt
	./benches/reconcile.sh
	node benches/js/bench.mjs --native target/bench-native.txt --reconcile target/bench-reconcile.md \
	  --python target/bench-python.md

# Reconciliation's benchmark alone (target/bench-reconcile.md; `make bench` puts it into
# BENCHMARKS.md): 100 000 orders parse vs reconcile, 1 vs 2 jobs, RSS at 10 000 and 1 000 000.
bench-reconcile:
	./benches/reconcile.sh

# A generated export (settlement-preview generate): `make export N=100000 OUT=big.jsonl`, then
# `settlement-preview reconcile big.jsonl --connectors examples/connectors-three-modes.json`.
N ?= 1000
SEED ?= 1
RATE ?= 0.05
OUT ?= export.jsonl
export:
	cargo run --quiet --release --features cli --bin settlement-preview -- generate \
	  --orders $(N) --seed $(SEED) --rate $(RATE) \
	  --connectors examples/connectors-three-modes.json --truth $(OUT).truth --output $(OUT)

# ----- WebAssembly and the npm package (issue 3) -----

lint-wasm:
	./.ci/bootstrap
	cargo clippy --quiet --target wasm32-unknown-unknown --lib --test wasm --test wasm_browser -- -D warnings

test-wasm:
	./.ci/bootstrap browser wasm-pack
	./.ci/test-wasm

pkg:
	./.ci/build-pkg

test-js: pkg
	./.ci/bootstrap browser
	./.ci/npm-deps
	cd js-tests && REQUIRE_BROWSER=1 SOAK=$(SOAK_SHORT) node run.mjs

# The package from its tarball in every tool front-end code runs in (js-tests/ecosystem): Vite
# 6, 7 and 8 (build and dev server), webpack, esbuild, Rollup, Parcel, a plain <script
# type=module>, Next.js (build + start), Vitest and Jest with jsdom; CI runs it after make test.
test-ecosystem: pkg
	./.ci/bootstrap browser
	./.ci/npm-deps ecosystem
	cd js-tests/ecosystem && node run.mjs

soak: pkg
	./.ci/npm-deps
	cd js-tests && time SOAK_ONLY=1 SOAK=$(SOAK_CALLS) node run.mjs

# ----- The Python package (issue 17) -----

# The build tools live in a cached venv (maturin); the tests in a fresh one each run, from the
# wheel just built. pip keeps its downloads in its own cache (~/.cache/pip), so a second run
# downloads nothing. The crate (python/) is its own workspace, built into this target/.
PYTHON ?= python3
PY_TOOLS := target/python/tools
PY_TEST := target/python/venv
PY_WHEELS := target/python/wheels
PY_TEST_DEPS := pytest "pandas<3" pyspark

test-python:
	test -x $(PY_TOOLS)/bin/maturin || { $(PYTHON) -m venv $(PY_TOOLS) && $(PY_TOOLS)/bin/pip install -q "maturin>=1.5,<2"; }
	cargo fmt --check --manifest-path python/Cargo.toml
	CARGO_TARGET_DIR=$(CURDIR)/target/python/cargo cargo clippy --quiet --release --manifest-path python/Cargo.toml --all-targets -- -D warnings
	rm -rf $(PY_WHEELS)
	CARGO_TARGET_DIR=$(CURDIR)/target/python/cargo $(PY_TOOLS)/bin/maturin build --quiet --release -m python/Cargo.toml -o $(PY_WHEELS)
	cargo build --quiet --release --features cli --bin settlement-preview
	rm -rf $(PY_TEST)
	$(PYTHON) -m venv $(PY_TEST)
	$(PY_TEST)/bin/pip install -q --disable-pip-version-check $(PY_WHEELS)/*.whl $(PY_TEST_DEPS)
	cd $(PY_TEST) && SP_ROOT=$(CURDIR) SPARK_LOCAL_IP=127.0.0.1 bin/pytest -q -p no:cacheprovider $(CURDIR)/python/tests

# The Python and Spark benchmark (benches/python.py) with the venv and wheel of test-python:
# writes target/bench-python.md, BENCHMARKS.md's "Python and Spark" section.
bench-python:
	test -x $(PY_TEST)/bin/python || $(MAKE) test-python
	cargo build --quiet --release --features cli --bin settlement-preview
	SPARK_LOCAL_IP=127.0.0.1 $(PY_TEST)/bin/python benches/python.py
