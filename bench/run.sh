#!/usr/bin/env bash
# The benchmark run behind BENCHMARKS.md, in one go: builds target/benchmarks.jar, runs every JMH
# benchmark (JSON into bench/results/), measures allocation per gradient with -prof gc, prints the
# Markdown tables (the compiled-tape targets too) and draws docs/forward-vs-reverse.png. Extra arguments go to the main JMH run,
# e.g. bench/run.sh -f 1 -wi 1 -i 1 -w 1s -r 1s for a smoke test.
# Other processes on the machine distort the figures: the load average is recorded with them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -P bench -DskipTests package
mkdir -p bench/results
{ echo "start: $(uptime)"; } > bench/results/load.txt
java -jar target/benchmarks.jar -rf json -rff bench/results/jmh.json "$@" > bench/results/jmh.log
java -jar target/benchmarks.jar 'GradientBenchmark.engineScore' -prof gc -wi 3 -i 3 \
  -rf json -rff bench/results/gc.json "$@" > bench/results/gc.log
{ echo "end:   $(uptime)"; } >> bench/results/load.txt
java -cp target/benchmarks.jar dev.policygrad.bench.Report --plot docs/forward-vs-reverse.png \
  bench/results/jmh.json bench/results/gc.json
java -cp target/benchmarks.jar dev.policygrad.bench.TargetsReport bench/results/jmh.json
cat bench/results/load.txt
