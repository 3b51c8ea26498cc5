#!/usr/bin/env bash
# Live fan-out benchmark (single node, loopback): N synthetic events through the node's delivery
# path (hub) against a bare loop writing one pre-encoded frame (bare), to the same subscribers, in
# alternating rounds of one run against one fresh node.
#   bench/fanout.sh [subscribers=1000] [events=2000] [rounds=3] [budget=1000000] [out=results/fanout]
# budget is live.eventBudgetPerSecond: high, every event goes out singly; 1000 (the default),
# subscribers receiving more per second get coalesced batches, as in production.
# Needs: built jars (mvn -B -q -DskipTests package -pl gateway,surge -am).
set -euo pipefail
cd "$(dirname "$0")/.."
SUBSCRIBERS="${1:-1000}"; EVENTS="${2:-2000}"; ROUNDS="${3:-3}"; BUDGET="${4:-1000000}"
OUT="${5:-results/fanout}"
BUDGET_CONFIG="$(mktemp /tmp/hamal-fanout.XXXXXX.yaml)"
printf 'live:\n  eventBudgetPerSecond: %s\n' "$BUDGET" > "$BUDGET_CONFIG"
export HAMAL_BENCH_FANOUT=true HAMAL_CONFIG="$BUDGET_CONFIG"
source bench/node.sh
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), budget $BUDGET/s, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar surge/target/surge.jar fanout --target "$URL" --token "$TOKEN" \
  --subscribers "$SUBSCRIBERS" --events "$EVENTS" --rounds "$ROUNDS" --out "$OUT"
