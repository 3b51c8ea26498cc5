#!/usr/bin/env bash
# Reproduces H2 mixed mode losing acknowledged commits when the process hosting the file is
# killed (docs/durability.md, "H2 and kill -9"). Plain JDBC, no Hamal code: three processes
# share one H2 file (AUTO_SERVER), each with 2 threads committing 5 inserts + 1 hot-row update per
# transaction and recording every acknowledged id; after WARM seconds, KILLS+1 kill -9s of one
# process at a time (each replaced); then every recorded id is looked up.
#   EXTRA=";REUSE_SPACE=FALSE" WARM=60 KILLS=8 docs/experiments/h2-mixed-mode-kill/run.sh
# Writes under /tmp/h2-kill (the database grows to GBs with REUSE_SPACE=FALSE). ~3 minutes.
set -u
H2="${H2_JAR:-$HOME/.m2/repository/com/h2database/h2/2.5.252/h2-2.5.252.jar}"
SRC="$(cd "$(dirname "$0")" && pwd)/H2KillStress.java"
W=/tmp/h2-kill; rm -rf "$W"; mkdir -p "$W/acks" "$W/cls"
javac -cp "$H2" -d "$W/cls" "$SRC" || exit 1
J="java -Xmx256m -Dextra=${EXTRA:-} -cp $H2:$W/cls H2KillStress"
$J n0 2 & P0=$!; sleep 1.5
$J n1 2 & P1=$!; $J n2 2 & P2=$!; sleep "${WARM:-60}"
pids=($P0 $P1 $P2)
for k in $(seq 0 "${KILLS:-8}"); do
  v=$((k % 3)); sleep 0.$((RANDOM % 9 + 1)); kill -9 "${pids[$v]}"; sleep 3
  $J "r$k" 2 & pids[$v]=$!; sleep 4
done
kill -9 "${pids[@]}"; sleep 0.5
$J check
ls -la "$W/db"
