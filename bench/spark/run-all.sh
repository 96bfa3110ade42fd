#!/usr/bin/env bash
# Runs every scenario on brook and on Spark, one process at a time, and prints the tables of bench/README.md.
#
# usage: bench/spark/run-all.sh [RESULTS_DIR]            (from the repository root, after `npm run build`)
# env:   PYTHON (a Python with pyspark 3.5; default /work/oracle/venv/bin/python), DATA (default /tmp/brook-bench-data),
#        EVENTS (2000000), RUNS (brook throughput runs per scenario, 3), SCENARIOS (default: all)
set -euo pipefail
PYTHON=${PYTHON:-/work/oracle/venv/bin/python}
DATA=${DATA:-/tmp/brook-bench-data}
EVENTS=${EVENTS:-2000000}
RUNS=${RUNS:-3}
OUT=${1:-/tmp/brook-bench-results/$(date -u +%Y%m%dT%H%M%SZ)}
SCENARIOS=${SCENARIOS:-"nexmark-q0 nexmark-q1 nexmark-q2 nexmark-q3 nexmark-q4 nexmark-q5 nexmark-q7 nexmark-q8 seed-windowed"}
mkdir -p "$OUT"

if [ ! -f "$DATA/manifest.json" ] || [ "$(node -e "console.log(require('$DATA/manifest.json').events)")" != "$EVENTS" ]; then
  node dist/bench/spark/export-data.js --out "$DATA" --events "$EVENTS" --chunk 10000
  "$PYTHON" bench/spark/prepare_data.py "$DATA"
fi

{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "nproc: $(nproc)"; free -g; node --version; java -version 2>&1; "$PYTHON" -c 'import pyspark; print("pyspark", pyspark.__version__)'; } > "$OUT/machine.txt"

for s in $SCENARIOS; do
  for i in $(seq 1 "$RUNS"); do
    node dist/bench/run.js "$s" --events "$EVENTS" --only throughput > "$OUT/brook-$s-throughput-$i.json"
  done
  # latency after a throughput run in the same process, as the Spark run below does
  node dist/bench/run.js "$s" --events "$EVENTS" > "$OUT/brook-$s-latency.json"
  "$PYTHON" bench/spark/nexmark_spark.py "$s" --data "$DATA" --batch-files 1 --only throughput > "$OUT/spark-$s-10k.json" 2> "$OUT/spark-$s-10k.log"
  "$PYTHON" bench/spark/nexmark_spark.py "$s" --data "$DATA" --batch-files 10 > "$OUT/spark-$s.json" 2> "$OUT/spark-$s.log"
  echo "$s done (load: $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/progress.txt"
done
# q5 again with V8's old space capped at 128 MB (the live set is ~40 MB; the default heap grows to ~250 MB under q5's allocation rate)
node --max-old-space-size=128 dist/bench/run.js nexmark-q5 --events "$EVENTS" --only throughput > "$OUT/brook-nexmark-q5-heap128.json"
# the existing brook-only scenarios
node dist/bench/run.js pipeline > "$OUT/brook-pipeline.json"
node dist/bench/run.js windowed --keys 1000,100000 --events 1000000 > "$OUT/brook-windowed.json"
"$PYTHON" bench/spark/make_table.py "$OUT" | tee "$OUT/table.md"
