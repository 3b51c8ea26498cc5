# Sourced by the benchmark scripts: starts one fresh node on loopback (bench switch on) and
# stops it on exit. Sets URL, TOKEN, DATA and NODE (its pid). Needs a built jar (mvn -DskipTests package).
PORT="${HAMAL_BENCH_PORT:-18080}"
DATA="$(mktemp -d /tmp/hamal-bench.XXXXXX)"
TOKEN="bench-$(date +%s%N)"
LOG="$DATA/node.log"

HAMAL_HTTP_HOST=127.0.0.1 HAMAL_HTTP_PORT="$PORT" HAMAL_DATA_DIR="$DATA" HAMAL_ADMIN_TOKEN="$TOKEN" \
HAMAL_CLUSTER_NAME="bench-$$" HAMAL_CLUSTER_PORT=$((30000 + RANDOM % 10000)) HAMAL_BENCH_NOOP=true \
  java ${BENCH_JAVA_OPTS:--Xmx2g} -jar "${HAMAL_JAR:-gateway/target/hamal.jar}" > "$LOG" 2>&1 &
NODE=$!
# BENCH_CLEANUP: more files to remove on exit (read then, so a script may add to it later).
trap 'kill -TERM $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -rf "$DATA" ${BENCH_CLEANUP:-}' EXIT
until grep -q "Ctrl-C stops the node cleanly" "$LOG"; do
  kill -0 $NODE 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
URL="http://127.0.0.1:$PORT"
export HAMAL_TOKEN="$TOKEN"
# The node's embedded PostgreSQL: its server process and that server's children (none for a node
# on a shared server).
store_pids() {
  local server
  server=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null) || return 0
  echo "$server"; pgrep -P "$server" || true
}
