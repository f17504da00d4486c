#!/usr/bin/env bash
# Compares benchmark jars (target/benchmarks.jar of different commits) the way BENCHMARKS.md's A/B
# figures were measured: RUNS rounds, each running one JMH fork of every jar in turn, so the machine's
# drift falls on all of them alike. One fork of a benchmark here moves by up to 30% from JVM to JVM, so
# judge a difference of 10% on about ten rounds, not on one multi-fork run.
#
#   bench/alternate.sh RUNS OUT_DIR 'JMH regex' 'JMH options' JAR...
#   bench/alternate.sh 10 /tmp/ab 'ReinforceBenchmark.(engineOneThread|handOneThread)' \
#       '-p backend=compiled -wi 3 -i 4 -w 1s -r 1s' before.jar after.jar
#
# Writes OUT_DIR/<jar name>-<round>.json (JMH's JSON) and prints one line per fork: the jar, the round
# and each benchmark's score (its "steps" counter where it has one, as steps/s). Run from the
# repository's root (ReinforceBenchmark -p env=formula reads examples/).
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '2,13p' "$0"
  exit 2
fi
runs=$1 out=$2 regex=$3 options=$4
shift 4
mkdir -p "$out"
for round in $(seq 1 "$runs"); do
  for jar in "$@"; do
    name=$(basename "$jar" .jar)
    json="$out/$name-$round.json"
    # shellcheck disable=SC2086 # the options are words for JMH
    java -jar "$jar" "$regex" $options -f 1 -rf json -rff "$json" > "$out/$name-$round.log" 2>&1
    python3 - "$json" "$name" "$round" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
cells = []
for b in results:
    label = b["benchmark"].rsplit(".", 1)[1]
    params = ",".join(f"{k}={v}" for k, v in sorted((b.get("params") or {}).items()))
    steps = b.get("secondaryMetrics", {}).get("steps")
    score = steps["score"] if steps else b["primaryMetric"]["score"]
    unit = "steps/s" if steps else b["primaryMetric"]["scoreUnit"]
    cells.append(f"{label}[{params}]={score:.6g} {unit}")
print(sys.argv[2], sys.argv[3], " ".join(cells), flush=True)
PY
  done
done
