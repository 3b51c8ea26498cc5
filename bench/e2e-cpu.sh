#!/usr/bin/env bash
# Where the cores go end to end: runs bench/e2e.sh RATE 60s and, from /proc, over 40 s inside its
# load window (after surge's 20 s warm-up and 10 s of load), the CPU of the node's JVM, of its
# embedded PostgreSQL and of surge (its intake and its 500 readers), and how busy the machine was.
#   bench/e2e-cpu.sh [rate=2000]
# Needs what bench/e2e.sh needs, and bc. HAMAL_JAR names another build's jar, as there.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${1:-2000}"; JAR="${HAMAL_JAR:-gateway/target/hamal.jar}"
OUT="$(mktemp /tmp/hamal-e2e-cpu.XXXXXX)"
HAMAL_JAR="$JAR" bench/e2e.sh "$RATE" 60s > "$OUT" 2>&1 &
RUN=$!
until pgrep -f "surge.jar run custom" > /dev/null; do kill -0 $RUN 2>/dev/null || { cat "$OUT"; exit 1; }; sleep 0.5; done
sleep 30
NODE=$(pgrep -f "java .*-jar $JAR" | head -1); SURGE=$(pgrep -f "surge.jar run custom" | head -1)
DATA=$(tr '\0' '\n' < "/proc/$NODE/environ" | sed -n 's/^HAMAL_DATA_DIR=//p')
PG=$(head -1 "$DATA/postgres/postmaster.pid")
ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; }
busy() { awk '/^cpu /{print $2 + $3 + $4 + $6 + $7 + $8}' /proc/stat; }
idle() { awk '/^cpu /{print $5}' /proc/stat; }
n1=$(ticks $NODE); p1=$(ticks $PG $(pgrep -P $PG)); s1=$(ticks $SURGE); b1=$(busy); i1=$(idle)
sleep 40
n2=$(ticks $NODE); p2=$(ticks $PG $(pgrep -P $PG)); s2=$(ticks $SURGE); b2=$(busy); i2=$(idle)
cores() { echo "scale=2; ($2 - $1) / $(getconf CLK_TCK) / 40" | bc; }
wait $RUN
grep -E '^(#|load|ack|to screen|audit)' "$OUT"
rm -f "$OUT"
echo "cores over 40 s of load at $RATE/s: node JVM $(cores $n1 $n2), its PostgreSQL $(cores $p1 $p2), surge $(cores $s1 $s2); machine busy $(cores $b1 $b2), idle $(cores $i1 $i2)"
