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
PORT="${HAMAL_BENCH_PORT:-18081}"
DATA="$(mktemp -d /tmp/hamal-fanout.XXXXXX)"
TOKEN="bench-$(date +%s%N)"
LOG="$DATA/node.log"
printf 'live:\n  eventBudgetPerSecond: %s\n' "$BUDGET" > "$DATA/bench.yaml"

HAMAL_HTTP_HOST=127.0.0.1 HAMAL_HTTP_PORT="$PORT" HAMAL_DATA_DIR="$DATA" HAMAL_ADMIN_TOKEN="$TOKEN" \
HAMAL_CLUSTER_NAME="fanout-$$" HAMAL_CLUSTER_PORT=$((30000 + RANDOM % 10000)) HAMAL_BENCH_FANOUT=true \
HAMAL_CONFIG="$DATA/bench.yaml" \
  java ${BENCH_JAVA_OPTS:--Xmx2g} -jar gateway/target/hamal.jar > "$LOG" 2>&1 &
NODE=$!
trap 'kill -TERM $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -rf "$DATA"' EXIT
until grep -q "Ctrl-C stops the node cleanly" "$LOG"; do
  kill -0 $NODE 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), budget $BUDGET/s, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar surge/target/surge.jar fanout --target "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --subscribers "$SUBSCRIBERS" --events "$EVENTS" --rounds "$ROUNDS" --out "$OUT"
