#!/usr/bin/env bash
# Live streams through a node's death: two nodes on loopback sharing one PostgreSQL (`hamal.jar
# postgres`; routine mode held), surge's intake, read-backs and subscribers spread over both; node B is killed with
# SIGKILL KILL_AFTER seconds into the run. B's subscribers must reconnect to A and resume; the
# audit says whether every acknowledged report reached every subscriber exactly once.
#   bench/failover.sh [rate=300] [subscribers=100] [kill after=40]
# Needs: built jars (mvn -B -q -DskipTests package). Results in surge-results/failover.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${1:-300}"; SUBSCRIBERS="${2:-100}"; KILL_AFTER="${3:-40}"
DATA="$(mktemp -d /tmp/hamal-failover.XXXXXX)"
CONFIG="$DATA/routine.yaml"
printf 'mode:\n  intakeRatePerSecond: 1000000\n' > "$CONFIG"
TOKEN="bench-$(date +%s%N)"
CP1=$((30000 + RANDOM % 5000)); CP2=$((CP1 + 1))
HP1=$((20000 + RANDOM % 5000)); HP2=$((HP1 + 1))
PGPORT=$((35000 + RANDOM % 5000))
java -jar gateway/target/hamal.jar postgres --data "$DATA/pg" --port "$PGPORT" > "$DATA/pg.log" 2>&1 &
PG=$!
# Nodes first, then their store (B may be gone already: nothing here may stop the cleanup).
cleanup() {
  set +e
  kill -TERM ${A:-} ${B:-} 2>/dev/null; wait ${A:-} ${B:-} 2>/dev/null
  kill -TERM $PG 2>/dev/null; wait $PG 2>/dev/null
  rm -rf "$DATA"
}
trap cleanup EXIT
until grep -q "HAMAL_STORE_URL=" "$DATA/pg.log" 2>/dev/null; do
  kill -0 $PG 2>/dev/null || { cat "$DATA/pg.log"; exit 1; }
  sleep 0.5
done
export HAMAL_STORE_URL="$(sed -n 's/^ *HAMAL_STORE_URL=//p' "$DATA/pg.log")"
start() { # port, cluster port, log
  HAMAL_CONFIG="$CONFIG" HAMAL_HTTP_HOST=127.0.0.1 HAMAL_HTTP_PORT="$1" HAMAL_DATA_DIR="$DATA" \
  HAMAL_ADMIN_TOKEN="$TOKEN" HAMAL_CLUSTER_NAME="failover-$$" HAMAL_CLUSTER_PORT="$2" \
  HAMAL_CLUSTER_MEMBERS="127.0.0.1:$CP1,127.0.0.1:$CP2" java -Xmx1g -jar gateway/target/hamal.jar > "$3" 2>&1 &
}
ready() { until grep -q "Ctrl-C stops the node cleanly" "$1" 2>/dev/null; do sleep 0.5; done; }
start "$HP1" "$CP1" "$DATA/a.log"; A=$!
ready "$DATA/a.log"
start "$HP2" "$CP2" "$DATA/b.log"; B=$!
ready "$DATA/b.log"
echo "# $(date -u +%FT%TZ) nodes A ($A) and B ($B) up; B is killed ${KILL_AFTER}s into the run"
( sleep "$KILL_AFTER"; echo "# $(date -u +%T) kill -9 B"; kill -9 "$B" ) &
java -jar surge/target/surge.jar run custom --target "http://127.0.0.1:$HP1" --target "http://127.0.0.1:$HP2" \
  --token "$TOKEN" --rate "$RATE" --duration 60s --warmup 10s --subscribers "$SUBSCRIBERS" \
  --idempotent-retries 5 --seed 11 --no-progress --out surge-results/failover \
  | grep -E '^(load|ack|to screen|errors|audit|  +(missing|duplicate))' || true
grep -hE "left; .* announced|holds other entries" "$DATA/a.log" || true
