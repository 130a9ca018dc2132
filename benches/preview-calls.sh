#!/usr/bin/env bash
# Issue 20: instructions per `ledger.preview` of bench.mjs --crossing's four cases, natively
# (the engine and the outcome's JSON text: examples/preview_calls.rs), under callgrind: the
# count of 1,200 previews less that of 200, over 1,000 (the setup cancels out). Repeatable on a
# shared machine, unlike a time. OPT=z measures at opt-level "z" (the .wasm's level for this
# crate); OUT=dir keeps the callgrind files (callgrind_annotate --inclusive=yes FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
OPT=${OPT:-3}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
# Level 3 is the release profile's own (target/); another level builds in a directory of its own.
DIR=target
[ "$OPT" = 3 ] || DIR=target/preview-calls-$OPT
CARGO_PROFILE_RELEASE_OPT_LEVEL=$OPT CARGO_TARGET_DIR=$DIR \
  cargo build --quiet --release --example preview_calls
BIN=$DIR/release/examples/preview_calls
count() {
  valgrind --tool=callgrind --callgrind-out-file="$OUT/$1-$2.out" "$BIN" "$1" "$2" >/dev/null 2>"$OUT/$1-$2.log"
  sed -n 's/^summary: //p' "$OUT/$1-$2.out"
}
for case in plain plain-quiet listing listing-quiet; do
  a=$(count "$case" 200)
  b=$(count "$case" 1200)
  echo "$case (opt-level $OPT): $(((b - a) / 1000)) instructions per preview"
done
