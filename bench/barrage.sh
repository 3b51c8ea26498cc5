#!/usr/bin/env bash
# Ops-screen delivery during a rocket barrage: one fresh node with the defaults (the barrage
# switches it to EMERGENCY by itself), surge's rocket-barrage with N subscribers playing the
# ops room's screens and the patrollers' tablets.
#   bench/barrage.sh [subscribers=1000] [duration=60s] [out=results/barrage] [rate=20] [per-impact=400]
# Six impacts of per-impact reports over a background of rate/s: the defaults average 60/s over
# 60 s; rate 100 and per-impact 2000 average 300/s.
# WARMUP (default 10s): surge's warm-up at the mean rate before the measured run.
# Needs a built jar of each (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
SUBSCRIBERS="${1:-1000}"; DURATION="${2:-60s}"; OUT="${3:-results/barrage}"; RATE="${4:-20}"; PER_IMPACT="${5:-400}"
source bench/node.sh
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), $SUBSCRIBERS subscribers, $DURATION, background $RATE/s, impacts of $PER_IMPACT"
SNAP="$(mktemp -d /tmp/hamal-barrage.XXXXXX)"; BENCH_CLEANUP="$SNAP"
# CPU ticks of the node's PostgreSQL processes (its connections are pooled: the same processes throughout).
store_ticks() { for p in $(store_pids); do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
# The event loops' CPU spent on live delivery (the node's own account; the rest of theirs is intake and the API).
delivery_cpu() { curl -sf "$URL/metrics" | awk '/^hamal_live_delivery_cpu_seconds_total/ {print $2}'; }
python3 bench/thread-cpu.py snap "$NODE" "$SNAP/before.json"
STORE_BEFORE=$(store_ticks); DELIVERY_BEFORE=$(delivery_cpu)
/usr/bin/time -f "# surge (load generator and $SUBSCRIBERS clients) CPU: user %U s, system %S s, wall %e s" \
  java -jar surge/target/surge.jar run rocket-barrage --target "$URL" --token "$TOKEN" \
    --rate "$RATE" --impacts 6 --reports-per-impact "$PER_IMPACT" --duration "$DURATION" --warmup "${WARMUP:-10s}" \
    --subscribers "$SUBSCRIBERS" --seed 7 --out "$OUT" --no-progress || SURGE_EXIT=$?
python3 bench/thread-cpu.py snap "$NODE" "$SNAP/after.json"
# Deliveries: first arrivals at a screen of reports in its scope (a marker, a folded id or a
# snapshot's), per second of surge's timeline.
[ -f "$OUT/results.json" ] && python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); t = [p["deliveries"] for p in r["timeline"]]; d = r["audit"]["deliveries"]
print("# deliveries/s: mean %.0f over %d s, peak %d; %d as markers, %d folded into counts" % (
    sum(t) / max(1, len(t)), len(t), max(t or [0]), d.get("asMarkers", d["delivered"]), d.get("folded", 0)))' "$OUT/results.json"
echo "# node CPU by thread over the whole run (warm-up, load, audit):"
python3 bench/thread-cpu.py diff "$SNAP/before.json" "$SNAP/after.json"
python3 -c 'import sys; print("# of the event loops: live delivery %.1f CPU-s" % (float(sys.argv[2]) - float(sys.argv[1])))' "$DELIVERY_BEFORE" "$(delivery_cpu)"
echo "# node's PostgreSQL CPU-s: $(( ($(store_ticks) - STORE_BEFORE) / $(getconf CLK_TCK) ))"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/mode/history" | head -c 600; echo
exit "${SURGE_EXIT:-0}"
