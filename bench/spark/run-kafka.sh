#!/usr/bin/env bash
# Runs the from-Kafka scenarios on brook and on Spark, one process at a time, against one local broker, and prints the tables.
#
# usage: bench/spark/run-kafka.sh [RESULTS_DIR]          (from the repository root, after `npm run build`)
# env:   PYTHON (a Python with pyspark 3.5; default /work/oracle/venv/bin/python), EVENTS (2000000), RUNS (brook
#        throughput runs per scenario, 3), SCENARIOS (default: all; nexmark-q0 … seed-windowed, a kafka- prefix is
#        allowed), KAFKA_DIR (the broker's state folder, default /tmp/brook-bench-kafka: the filled topics stay there
#        for the next run), RATE (10000), LATENCY_SECONDS (30), WARMUP_SECONDS (5), PASSTHROUGH_EVENTS (500000),
#        SPARK_BATCHES (Spark's maxOffsetsPerTrigger values to run, default "10000 100000")
#
# The broker (scripts/kafka.mjs) is started when it is not running, and stopped at the end when this script started it.
# Topics bench-nexmark-<EVENTS> and bench-sales-<EVENTS> (2 partitions) are filled once by `brook generate` with the
# events of the in-process runs (seed 42, event 0 at 1700000000000); a topic holding another count is replaced.
# Results: brook-kafka-<s>-throughput-<i>.json, brook-kafka-<s>-latency.json, spark-kafka-<s>-10k.json,
# spark-kafka-<s>-100k.json, spark-kafka-<s>-latency.json (and .log), brook-kafka-passthrough.json, table.md.
set -euo pipefail
PYTHON=${PYTHON:-/work/oracle/venv/bin/python}
EVENTS=${EVENTS:-2000000}
RUNS=${RUNS:-3}
KAFKA_DIR=${KAFKA_DIR:-/tmp/brook-bench-kafka}
RATE=${RATE:-10000}
LATENCY_SECONDS=${LATENCY_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
PASSTHROUGH_EVENTS=${PASSTHROUGH_EVENTS:-500000}
SPARK_BATCHES=${SPARK_BATCHES:-"10000 100000"}
OUT=${1:-/tmp/brook-bench-results/kafka-$(date -u +%Y%m%dT%H%M%SZ)}
SCENARIOS=${SCENARIOS:-"nexmark-q0 nexmark-q1 nexmark-q2 nexmark-q3 nexmark-q4 nexmark-q5 nexmark-q7 nexmark-q8 seed-windowed"}
mkdir -p "$OUT"

json_field() { node -e 'let t = ""; process.stdin.on("data", (d) => { t += d; }).on("end", () => { const v = JSON.parse(t.trim().split("\n").pop()); console.log(v === null ? "" : v[process.argv[1]]); });' "$1"; }

# the broker: ours unless one already runs in KAFKA_DIR
STARTED_BROKER=0
if ! node scripts/kafka.mjs status --dir "$KAFKA_DIR" --json > /dev/null; then
  node scripts/kafka.mjs start --dir "$KAFKA_DIR" --json > "$OUT/broker.json"
  STARTED_BROKER=1
else
  node scripts/kafka.mjs status --dir "$KAFKA_DIR" --json > "$OUT/broker.json"
fi
BOOTSTRAP=$(json_field bootstrap < "$OUT/broker.json")
stop_broker() { if [ "$STARTED_BROKER" = 1 ]; then node scripts/kafka.mjs stop --dir "$KAFKA_DIR" > /dev/null || true; fi; }
trap stop_broker EXIT

# topic admin with kafkajs (node_modules of the repository): records <topic> (-1 when missing) | delete <topic|/regex/>…
topics() {
  node --input-type=module -e '
import kafkajs from "kafkajs";
const [bootstrap, command, ...names] = process.argv.slice(1);
const admin = new kafkajs.Kafka({ brokers: [bootstrap], clientId: "run-kafka", logLevel: kafkajs.logLevel.NOTHING }).admin();
await admin.connect();
try {
  const existing = await admin.listTopics();
  if (command === "records") {
    const t = names[0];
    console.log(existing.includes(t) ? (await admin.fetchTopicOffsets(t)).reduce((n, p) => n + Number(p.high), 0) : -1);
  } else if (command === "delete") {
    const match = (t) => names.some((n) => (n.startsWith("/") ? new RegExp(n.slice(1, -1)).test(t) : n === t));
    const doomed = existing.filter(match);
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed });
    console.log(doomed.length);
  }
} finally {
  await admin.disconnect();
}' -- "$BOOTSTRAP" "$@"
}

fill() { # fill <generator>: the throughput topic of EVENTS events, once
  local topic="bench-$1-$EVENTS" held
  held=$(topics records "$topic")
  if [ "$held" = "$EVENTS" ]; then return; fi
  if [ "$held" != -1 ]; then
    echo "topic $topic holds $held records, not $EVENTS: writing it again" >&2
    topics delete "$topic" > /dev/null
    sleep 2
  fi
  node bin/brook.js generate "$1" --bootstrap-servers "$BOOTSTRAP" --topic "$topic" --no-pace --events "$EVENTS" \
    --seed 42 --start-timestamp 1700000000000 --partitions 2 > "$OUT/generate-$1.json"
}
fill nexmark
fill sales

{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "nproc: $(nproc)"; free -g; node --version; java -version 2>&1; "$PYTHON" -c 'import pyspark; print("pyspark", pyspark.__version__)';
  echo "kafka: $(json_field version < "$OUT/broker.json") at $BOOTSTRAP (scripts/kafka.mjs, $KAFKA_DIR)"; } > "$OUT/machine.txt"

for s in $SCENARIOS; do
  s=${s#kafka-}
  if [ "$s" = seed-windowed ]; then topic="bench-sales-$EVENTS"; else topic="bench-nexmark-$EVENTS"; fi
  for i in $(seq 1 "$RUNS"); do
    node dist/bench/run.js "kafka-$s" --bootstrap "$BOOTSTRAP" --topic "$topic" --events "$EVENTS" --batch 10000 --only throughput \
      > "$OUT/brook-kafka-$s-throughput-$i.json"
  done
  node dist/bench/run.js "kafka-$s" --bootstrap "$BOOTSTRAP" --only latency --rate "$RATE" --latency-seconds "$LATENCY_SECONDS" \
    --warmup-seconds "$WARMUP_SECONDS" > "$OUT/brook-kafka-$s-latency.json"
  for k in $SPARK_BATCHES; do
    "$PYTHON" bench/spark/nexmark_spark.py "$s" --kafka "$BOOTSTRAP" --topic "$topic" --events "$EVENTS" --max-offsets "$k" \
      --only throughput > "$OUT/spark-kafka-$s-$((k / 1000))k.json" 2> "$OUT/spark-kafka-$s-$((k / 1000))k.log"
  done
  "$PYTHON" bench/spark/nexmark_spark.py "$s" --kafka "$BOOTSTRAP" --only latency --rate "$RATE" \
    --latency-seconds "$LATENCY_SECONDS" --warmup-seconds "$WARMUP_SECONDS" \
    > "$OUT/spark-kafka-$s-latency.json" 2> "$OUT/spark-kafka-$s-latency.log"
  # the latency topics are measured by now
  topics delete '/^lat-(brook|spark)-/' > /dev/null
  echo "kafka-$s done (load: $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/progress.txt"
done
# raw records: brook's Kafka source → noop next to kafkajs's own consumer on the same topic (its topics are removed after)
node dist/bench/run.js kafka --bootstrap "$BOOTSTRAP" --events "$PASSTHROUGH_EVENTS" --partitions 2 > "$OUT/brook-kafka-passthrough.json"
topics delete '/^bench-sales-[0-9]{13}(-raw)?$/' > /dev/null
"$PYTHON" bench/spark/make_table.py "$OUT" | tee "$OUT/table.md"
