#!/usr/bin/env bash
# Issue 20: instructions per `ledger.preview` of bench.mjs --crossing's four cases, natively
# (the engine and the outcome's JSON text: examples/preview_calls.rs), under callgrind: the
# count of 1,200 previews less that of 200, over 1,000 (the setup cancels out). Repeatable on a
# shared machine, unlike a time. OPT=z measures at opt-level "z" (the .wasm's level for this
# crate); OUT=dir keeps the callgrind files (callgrind_annotate --inclusive=yes FILE).
# The stateless `preview` from the state's text at 1,000 and 10,000 items (`state-1000`,
# `state-10000`: reading the texts, the preview, its outcome) is counted so too, over 50 and 5
# calls. CASES="…" picks cases; `read-<case>` reads the operation from its text on every call, as
# `ledger.preview` does.
set -euo pipefail
cd "$(dirname "$0")/.."
OPT=${OPT:-3}
OUT=${OUT:-$(mktemp -d)}
CASES=${CASES:-plain plain-quiet listing listing-quiet state-1000 state-10000}
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
for case in $CASES; do
  case $case in
    state-1000) low=10 high=60 ;;
    state-10000) low=1 high=6 ;;
    *) low=200 high=1200 ;;
  esac
  a=$(count "$case" $low)
  b=$(count "$case" $high)
  echo "$case (opt-level $OPT): $(((b - a) / (high - low))) instructions per preview"
done
