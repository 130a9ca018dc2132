#!/usr/bin/env bash
# Turns every conformance scenario (tests/scenarios/**/*.json) into a fuzz seed
# `{ state, operations, options? }` in fuzz/seeds/ (committed) and copies the seeds and the
# regression inputs (tests/regressions/) into fuzz/corpus/simulate_json/ (gitignored), where
# `cargo fuzz run simulate_json` starts from.
set -euo pipefail
cd "$(dirname "$0")"
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }
mkdir -p seeds corpus/simulate_json
find ../tests/scenarios -name '*.json' -print0 | sort -z | while IFS= read -r -d '' file; do
  name=$(basename "$(dirname "$file")")-$(basename "$file")
  jq -c '{state, operations: [.steps[].operation]} + (if .options then {options} else {} end)' \
    "$file" > "seeds/$name"
done
cp seeds/*.json corpus/simulate_json/
# Inputs that once broke an invariant are good seeds too.
cp ../tests/regressions/*.json corpus/simulate_json/
# fromVtex: VTEX's documented payloads and our orders (FUZZ_TARGET=from_vtex).
mkdir -p corpus/from_vtex
cp ../tests/vtex/vtex-examples/*.json ../tests/vtex/orders/*.json corpus/from_vtex/
# reconcile: the reconciliation fixtures (order, records, options) and the VTEX orders
# (FUZZ_TARGET=reconcile).
mkdir -p corpus/reconcile
cp ../tests/reconcile/*.json ../tests/vtex/orders/*.json corpus/reconcile/
# The targets read text as the bindings do, where text without escapes, signs or fractions
# takes the plain reader (src/doc.rs); most VTEX documents have one of those, so each also
# goes in as a plain copy (strings without quotes, backslashes or control characters,
# numbers whole and not negative), compact as the bindings' walk writes it.
plain='walk(if type == "string" then (explode | map(select(. >= 32 and . != 34 and . != 92)) | implode)
  elif type == "number" then (if . < 0 then -. else . end | floor) else . end)'
for dir in from_vtex reconcile; do
  for file in corpus/$dir/*.json; do
    case "$file" in *.plain.json) continue ;; esac
    jq -c "$plain" "$file" > "${file%.json}.plain.json"
  done
done
# json_reader: every JSON text of the tests, well formed or not (FUZZ_TARGET=json_reader).
mkdir -p corpus/json_reader
cp seeds/*.json ../tests/vtex/orders/*.json ../tests/reconcile/*.json corpus/json_reader/
echo "fuzz seeds: $(ls seeds | wc -l)"
