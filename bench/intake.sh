#!/usr/bin/env bash
# Intake benchmark (single node, loopback): the no-op endpoint, single-report POST and batch
# intake, under the same wrk load, in one run against one fresh node.
#   bench/intake.sh [duration=30s] [connections=64] [batch size=100]
# Needs: wrk (apt-get install wrk) and a built jar (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"; CONNECTIONS="${2:-64}"; BATCH="${3:-100}"
PORT="${HAMAL_BENCH_PORT:-18080}"
DATA="$(mktemp -d /tmp/hamal-bench.XXXXXX)"
TOKEN="bench-$(date +%s%N)"
LOG="$DATA/node.log"

HAMAL_HTTP_HOST=127.0.0.1 HAMAL_HTTP_PORT="$PORT" HAMAL_DATA_DIR="$DATA" HAMAL_ADMIN_TOKEN="$TOKEN" \
HAMAL_CLUSTER_NAME="bench-$$" HAMAL_CLUSTER_PORT=$((30000 + RANDOM % 10000)) HAMAL_BENCH_NOOP=true \
  java ${BENCH_JAVA_OPTS:--Xmx2g} -jar gateway/target/hamal.jar > "$LOG" 2>&1 &
NODE=$!
trap 'kill -TERM $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -rf "$DATA"' EXIT
until grep -q "Ctrl-C stops the node cleanly" "$LOG"; do
  kill -0 $NODE 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
URL="http://127.0.0.1:$PORT"
export HAMAL_TOKEN="$TOKEN" BATCH_SIZE="$BATCH"
run() { wrk -t2 -c"$2" -d"$DURATION" --timeout 10s -s "$3" "$URL$1" | grep RESULT | sed "s/^RESULT/$4/"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), duration $DURATION, $CONNECTIONS connections"
# Warm up every path first so the JIT has compiled them before anything is measured.
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/intake.lua "$URL/bench/noop" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/intake.lua "$URL/api/v1/reports" > /dev/null
wrk -t2 -c8 -d10s -s bench/batch.lua "$URL/api/v1/reports:batch" > /dev/null
run /bench/noop "$CONNECTIONS" bench/intake.lua "noop   "
run /api/v1/reports "$CONNECTIONS" bench/intake.lua "single "
run /api/v1/reports:batch 8 bench/batch.lua "batch$BATCH"
