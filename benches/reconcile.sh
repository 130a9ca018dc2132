#!/usr/bin/env bash
# The reconciliation benchmark (issue 16, "Performance"); `make bench-reconcile` (and `make
# bench`) runs it and writes its Markdown section to target/bench-reconcile.md, which
# benches/js/bench.mjs puts into BENCHMARKS.md ("Reconciliation").
#
# On exports written by `settlement-preview generate` (seed 16, 5 % discrepancies, the three
# modes of examples/connectors-three-modes.json), with the release binary:
#  1. one core, one run: parsing every line into serde_json::Value, against reconciling it
#     (bench-reconcile: read + parse once + reconcile with explain false + JSON Lines rows),
#     and the reader's own share (read + cut into lines), from which the speed-up of 2 jobs
#     on 2 idle cores follows;
#  2. `reconcile --jobs 1` against `--jobs 2`, whole runs, output to /dev/null (wall time);
#  3. peak RSS (/usr/bin/time -v) of `reconcile --jobs 2` at SMALL and BIG orders, and BIG's
#     wall time.
# Timings are not tests: the machine is shared, so the load (uptime) is written beside them.
#
#   RECONCILE_ORDERS  the throughput export (100000)     RECONCILE_SMALL  (10000)
#   RECONCILE_BIG     the large export (1000000; 0 skips it: it takes ~15 GB of disk); a
#                     multiple of RECONCILE_ORDERS is that export repeated (a copy is quicker
#                     than generating it again; the lines are the same kind)
#   RECONCILE_DIR     where exports are kept between runs (target/bench-reconcile)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release/settlement-preview
N=${RECONCILE_ORDERS:-100000}
SMALL=${RECONCILE_SMALL:-10000}
BIG=${RECONCILE_BIG:-1000000}
DIR=${RECONCILE_DIR:-target/bench-reconcile}
CONN=examples/connectors-three-modes.json
OUT=target/bench-reconcile.md
mkdir -p "$DIR"
cargo build --quiet --release --features cli --bin settlement-preview

load() { cut -d' ' -f1-3 /proc/loadavg; }
# export N: generates it once (kept in $DIR), prints its path.
export_of() {
  local f="$DIR/export-$1.jsonl"
  if [ ! -s "$f" ]; then
    local t0=$(date +%s.%N)
    "$BIN" generate --orders "$1" --seed 16 --rate 0.05 --connectors "$CONN" --output "$f.part"
    mv "$f.part" "$f"
    echo "generate --orders $1: $(echo "$(date +%s.%N) - $t0" | bc) s" >> "$DIR/generate.log"
  fi
  echo "$f"
}
# timed FILE JOBS: "wall_seconds cpu_seconds max_rss_kib" of one reconcile run (/usr/bin/time;
# exit 1 is expected: the export has discrepancies).
timed() {
  local log="$DIR/time.log"
  /usr/bin/time -o "$log" -f "%e %U %S %M" "$BIN" reconcile "$1" --jobs "$2" --connectors "$CONN" --quiet > /dev/null || [ $? -eq 1 ]
  tail -n 1 "$log" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
}

F=$(export_of "$N")
SIZE=$(stat -c %s "$F")
echo "bench-reconcile: parse against reconcile, one core, $N orders" >&2
L0=$(load)
PARSE=$("$BIN" bench-reconcile "$F" --connectors "$CONN" --rounds 3)
echo "$PARSE" >&2
RATIO=$(echo "$PARSE" | awk '/^ratio/ {print $6}')
echo "reconcile --jobs 1 / --jobs 2, $N orders" >&2
read -r J1 C1 R1 < <(timed "$F" 1)
read -r J2 C2 R2 < <(timed "$F" 2)
read -r J1b _ _ < <(timed "$F" 1)
read -r J2b _ _ < <(timed "$F" 2)
J1=$(echo "if ($J1b < $J1) $J1b else $J1" | bc -l)
J2=$(echo "if ($J2b < $J2) $J2b else $J2" | bc -l)
SPEEDUP=$(echo "scale=2; $J1 / $J2" | bc -l)
L1=$(load)
FS=$(export_of "$SMALL")
read -r WS _ RS < <(timed "$FS" 2)
if [ "$BIG" != 0 ]; then
  # The large export: the N-order export repeated (same lines, same size and mix of
  # histories, ids repeated), which takes the time of a copy rather than the generator's.
  FB="$DIR/export-$BIG.jsonl"
  if [ ! -s "$FB" ]; then
    if [ $(( BIG % N )) -eq 0 ]; then
      for _ in $(seq $(( BIG / N ))); do cat "$F"; done > "$FB.part" && mv "$FB.part" "$FB"
      echo "export-$BIG: export-$N.jsonl repeated $(( BIG / N )) times" >> "$DIR/generate.log"
    else
      FB=$(export_of "$BIG")
    fi
  fi
  LB0=$(load)
  read -r WB CB RB < <(timed "$FB" 2)
  LB1=$(load)
  BSIZE=$(stat -c %s "$FB")
fi
# How much of a core one busy thread gets on this machine right now (a shell loop).
read -r CW CU < <(/usr/bin/time -f "%e %U" sh -c 'i=0; while [ $i -lt 3000000 ]; do i=$((i+1)); done' 2>&1 | tail -n 1)
L2=$(load)

rate() { echo "scale=0; $1 / $2" | bc -l; }
{
  echo "## Reconciliation"
  echo
  echo "Written by \`benches/reconcile.sh\` (\`make bench-reconcile\`, part of \`make bench\`), $(date -u +%Y-%m-%dT%H:%M:%SZ),"
  echo "with the release binary on exports of \`settlement-preview generate --seed 16 --rate 0.05"
  echo "--connectors $CONN\` (VTEX orders of the size of VTEX's example with their gateway records,"
  echo "~$(( SIZE / N )) bytes a line; 5 % of the lines with one injected discrepancy). The machine is"
  echo "shared with other engineers' builds: the load average (1, 5, 15 min) is given beside each figure."
  echo
  echo "| what | figure | target | load |"
  echo "|---|---:|---:|---|"
  echo "| parse only ($N lines into \`serde_json::Value\`, 1 core, CPU time) | $(echo "$PARSE" | awk '/^parse only/ {print $4}') s | | $L0 |"
  echo "| reconcile (read + parse + reconcile + rows, 1 core, same run, CPU time) | $(echo "$PARSE" | awk '/^reconcile/ {print $7}') s | | $L0 |"
  echo "| reconcile / parse | **$RATIO** | ≤ 2 | $L0 |"
  echo "| \`reconcile --jobs 1\`, $N orders (wall, best of 2; CPU) | $J1 s ($(rate "$N" "$J1") orders/s; CPU $C1 s) | | $L1 |"
  echo "| \`reconcile --jobs 2\`, $N orders (wall, best of 2; CPU) | $J2 s ($(rate "$N" "$J2") orders/s; CPU $C2 s) | | $L1 |"
  echo "| speed-up, 2 jobs / 1, measured (wall) | $SPEEDUP× | ≥ 1.8× | $L1 |"
  echo "| speed-up, 2 jobs / 1, on 2 idle cores from the CPU times above (reader's share $(echo "$PARSE" | awk '/^split only/ {print $(NF-2)}') s) | **$(echo "$PARSE" | awk -F': ' '/^2 jobs/ {split($2, a, " "); print a[1]}')** | ≥ 1.8× | $L0 |"
  echo "| CPU time, 2 jobs / 1 (the work 2 jobs add) | $(echo "scale=2; $C2 / $C1" | bc -l) | | $L1 |"
  echo "| share of a core one busy thread got (a shell loop: CPU / wall) | $(echo "scale=2; $CU / $CW" | bc -l) | 1 when idle | $L2 |"
  echo "| peak RSS, \`--jobs 2\`, $SMALL orders | $(( RS / 1024 )) MiB | flat | $L2 |"
  if [ "$BIG" != 0 ]; then
    echo "| peak RSS, \`--jobs 2\`, $BIG orders ($(( BSIZE / 1000000000 )) GB) | $(( RB / 1024 )) MiB | flat | $LB1 |"
    echo "| $BIG orders, \`--jobs 2\` (wall; CPU) | **$WB s** ($(rate "$BIG" "$WB") orders/s; CPU $CB s) | | $LB0 → $LB1 |"
  fi
  echo
  echo "How to read them: the ratio is on CPU time (the thread's time on a core), which other"
  echo "processes do not inflate much; the speed-up is on wall time, so it is only meaningful when"
  echo "the load average is below 2 (with a load of 10 on 2 cores a run gets a share of the"
  echo "machine, whatever its threads); the CPU time of 1 and 2 jobs tells whether 2 jobs do more"
  echo "work than 1. Peak RSS is bounded by the pipeline (2N + 2 chunks of ≤ 1 MiB in flight),"
  echo "not by the file."
  echo
  echo "Peak RSS at $N orders: $(( R1 / 1024 )) MiB with 1 job, $(( R2 / 1024 )) MiB with 2. Generating the exports:"
  echo "$(sed 's/^/- /' "$DIR/generate.log" 2>/dev/null | sort -u)"
  echo
  echo '```'
  echo "$PARSE"
  echo '```'
} > "$OUT"
cat "$OUT"
