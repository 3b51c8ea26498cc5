#!/usr/bin/env bash
# End to end on a fresh node: one node (routine mode held, -Xmx2g), surge's intake at RATE for
# DURATION after 20 s of warm-up, 500 subscribers over nine district filters, the audit, and the
# node's CPU by thread (bench/thread-cpu.py). The fresh-node runs of BENCHMARKS.md ("End to end").
#   bench/e2e.sh [rate=600] [duration=60s]
# Needs: built jars (mvn -B -q -DskipTests package). Results in surge-results/e2e-RATE.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${1:-600}"; DURATION="${2:-60s}"
source bench/routine-node.sh
SNAP="$(mktemp -d /tmp/hamal-e2e.XXXXXX)"
BENCH_CLEANUP="$BENCH_CLEANUP $SNAP"
echo "# $(date -u +%FT%TZ) rate $RATE for $DURATION, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/thread-cpu.py snap "$NODE" "$SNAP/before.json"
java -jar surge/target/surge.jar run custom --target "$URL" --token "$TOKEN" --subscribers 500 \
  "${FILTERS[@]}" --audit-concurrency 64 --no-progress --rate "$RATE" --duration "$DURATION" --warmup 20s \
  --seed 42 --out "surge-results/e2e-$RATE" | grep -E '^(load|ack|to screen|errors|audit)' || true
python3 bench/thread-cpu.py snap "$NODE" "$SNAP/after.json"
python3 bench/thread-cpu.py diff "$SNAP/before.json" "$SNAP/after.json"
