"""The Spark side of the brook benchmarks: the same queries on Spark Structured Streaming (local[2]), the same data, the same figures.

Usage: python bench/spark/nexmark_spark.py <scenario> [--data DIR] [--batch-files K] [--rate R]
                                                      [--latency-seconds S] [--warmup-seconds W] [--only throughput|latency]
       python bench/spark/nexmark_spark.py <scenario> --kafka BOOTSTRAP --topic T --events N --max-offsets K --only throughput
       python bench/spark/nexmark_spark.py <scenario> --kafka BOOTSTRAP --only latency [--rate R] [--latency-seconds S]
                                                      [--warmup-seconds W] [--seed 42] [--progress-file F]
scenarios: nexmark-q0 nexmark-q1 nexmark-q2 nexmark-q3 nexmark-q4 nexmark-q5 nexmark-q7 nexmark-q8 seed-windowed
           (with --kafka also spelled kafka-nexmark-q0 ... kafka-seed-windowed, the names of brook's scenarios)

Prints one JSON object shaped like brook's (`npm run bench -- <scenario>`). How each figure is measured:
  throughput  the Parquet files of prepare_data.py (the events brook generates, chunk of 10,000 events per file)
              read by Spark's file stream with maxFilesPerTrigger=K and Trigger.AvailableNow into the noop sink
              (or foreachBatch with the second stage). events/s = events / (end of the last batch - start());
              CPU seconds = user+system of the JVM (from /proc) plus the Python driver over the run; peak RSS = the
              JVM's VmHWM + the Python driver's maxrss.
  first batch from the Python process start (the interpreter's start time from /proc) to the end of batch 0, and
              from the start() call.
  latency     the same events as JSON lines sent by a feeder thread over a local socket (Spark's socket source),
              paced at R events/s by event number; per batch with input: (batch start + batchDuration) - the time
              the feeder sent the batch's last line (per source; the later of the sources). p50/p95/p99 over batches,
              leaving out the batches of the first --warmup-seconds (5) as brook does.

From Kafka (--kafka BOOTSTRAP; the connector org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.7 through spark.jars.packages,
resolved by Ivy from Maven Central into ~/.ivy2 on the first run, from that cache afterwards):
  tables      one topic written by `brook generate nexmark` (value = one event as JSON) parsed with
              from_json(CAST(value AS STRING), EVENTS_DDL), filtered by event_type; each table its own Kafka source of
              the topic (q3, q4, q8 read it twice, as brook does); the sales topic as key, value, timestamp.
              startingOffsets=earliest, failOnDataLoss default.
  throughput  the topic holds N events (--events N): maxOffsetsPerTrigger=K (records of every kind, like brook's batch
              size), Trigger.AvailableNow, measured as the file mode (events/s = N / (end of last batch - start())).
  latency     a fresh topic lat-spark-<scenario>-<epoch ms> with 2 partitions; the query starts (default trigger) and,
              once it waits for data, `node bin/brook.js generate` writes R events/s for S seconds. Each batch with input
              is recorded (batch end = progress timestamp + triggerExecution; end offset per partition, the larger of two
              sources) into a JSON-lines file; once the producer has exited and a batch reached the topic's final end
              offsets the query stops, and `node dist/bench/run.js kafka-latency` (the code that measures brook too)
              turns the file into p50/p95/p99: batch end - the Kafka CreateTime of the newest record the batch read.
"""
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, count, expr, from_json, from_unixtime, max as max_, sum as sum_, window

SCHEMAS = {
    'person': 'id BIGINT, name STRING, email_address STRING, credit_card STRING, city STRING, state STRING, '
              'date_time TIMESTAMP, extra STRING',
    'auction': 'id BIGINT, item_name STRING, description STRING, initial_bid BIGINT, reserve BIGINT, '
               'date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra STRING',
    'bid': 'auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP, extra STRING',
    'sales': 'key STRING, value STRING, timestamp TIMESTAMP',
}
WATERMARK_DELAY = '4 seconds'
# one Nexmark event on Kafka, as `brook generate nexmark` writes it (bench/nexmark-kafka.ts: NEXMARK_EVENTS_DDL)
EVENTS_DDL = ('event_type INT, '
              'person STRUCT<id: BIGINT, name: STRING, email_address: STRING, credit_card: STRING, city: STRING, '
              'state: STRING, date_time: TIMESTAMP, extra: STRING>, '
              'auction STRUCT<id: BIGINT, item_name: STRING, description: STRING, initial_bid: BIGINT, reserve: BIGINT, '
              'date_time: TIMESTAMP, expires: TIMESTAMP, seller: BIGINT, category: BIGINT, extra: STRING>, '
              'bid STRUCT<auction: BIGINT, bidder: BIGINT, price: BIGINT, channel: STRING, url: STRING, '
              'date_time: TIMESTAMP, extra: STRING>, '
              'date_time TIMESTAMP')
EVENT_TYPE = {'person': 0, 'auction': 1, 'bid': 2}
# Spark's Kafka connector: 3.5.9 is not on Maven Central, 3.5.7 is; the 3.5 line is binary compatible
KAFKA_PACKAGE = 'org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.7'
KAFKA_PARTITIONS = 2
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
SALES_SCHEMA = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING'


def max_auction_seconds(rate: int) -> int:
    span_ms = -(-1666 * 1000 // rate) + 1
    return -(-(2 * span_ms + 1) // 1000)


# ---------------------------------------------------------------- the queries (bench/nexmark-queries.ts, line for line)

def q0(read, rate):
    return read('bid').selectExpr('auction', 'bidder', 'price', 'date_time', 'extra')


def q1(read, rate):
    return read('bid').selectExpr('auction', 'bidder', '0.908 * price AS price', 'date_time', 'extra')


def q2(read, rate):
    return read('bid').filter('auction % 123 = 0').selectExpr('auction', 'price')


def q3(read, rate):
    return (read('auction').filter('category = 10').alias('A')
            .join(read('person').filter("state IN ('OR', 'ID', 'CA')").alias('P'), expr('A.seller = P.id'), 'inner')
            .selectExpr('P.name AS name', 'P.city AS city', 'P.state AS state', 'A.id AS id'))


def q4(read, rate):
    auctions = (read('auction').withWatermark('expires', WATERMARK_DELAY)
                .selectExpr('id', 'category', 'date_time AS a_time', 'expires'))
    bids = read('bid').withWatermark('date_time', WATERMARK_DELAY).selectExpr('auction', 'price', 'date_time AS b_time')
    life = max_auction_seconds(rate)
    return (auctions.join(bids, expr(f'id = auction AND b_time >= a_time AND b_time <= expires AND '
                                     f'b_time >= expires - INTERVAL {life} SECONDS'), 'inner')
            .groupBy('id', 'category', 'expires').agg(max_('price').alias('final')))


class Q4Stage:
    """avg per category over the closed auctions, kept as running totals (the exact q4 answer at each batch end)."""

    def __init__(self):
        self.totals = {}
        self.rows = 0

    def __call__(self, df, batch_id):
        rows = df.groupBy('category').agg(sum_('final').alias('s'), count('*').alias('c')).collect()
        for r in rows:
            s, c = self.totals.get(r['category'], (0, 0))
            self.totals[r['category']] = (s + r['s'], c + r['c'])
        self.rows += len(rows)

    def result(self):
        return [{'category': k, 'avg': s / c, 'auctions': c} for k, (s, c) in sorted(self.totals.items())]


def q5(read, rate):
    return (read('bid').withWatermark('date_time', WATERMARK_DELAY)
            .groupBy(col('auction'), window(col('date_time'), '10 seconds', '2 seconds'))
            .agg(count('*').alias('num'))
            .selectExpr('auction', 'num', 'window.start AS starttime', 'window.end AS endtime'))


class Q5Stage:
    """Per window, the auctions with the largest count (append mode emits all of a window's groups in one batch)."""

    def __init__(self):
        self.rows = 0
        self.out = []

    def __call__(self, df, batch_id):
        maxima = df.groupBy('starttime').agg(max_('num').alias('maxn')).withColumnRenamed('starttime', 'max_start')
        rows = df.join(maxima, expr('starttime = max_start AND num >= maxn'), 'inner').select('auction', 'num', 'starttime').collect()
        self.rows += len(rows)
        self.out.extend(rows)

    def result(self):
        """The rows when they are few (as brook reports them), to compare the engines' answers."""
        if len(self.out) > 10:
            return []
        # collect() gives naive datetimes in the Python process's local time: back to UTC ISO text as brook prints it
        return [{'auction': r['auction'], 'num': r['num'],
                 'starttime': datetime.utcfromtimestamp(r['starttime'].timestamp()).isoformat(timespec='milliseconds') + 'Z'}
                for r in self.out]


def q7(read, rate):
    return (read('bid').withWatermark('date_time', WATERMARK_DELAY)
            .groupBy(window(col('date_time'), '10 seconds'))
            .agg(expr('max(struct(price, auction, bidder, date_time, extra)) AS top'))
            .selectExpr('top.auction AS auction', 'top.price AS price', 'top.bidder AS bidder', 'top.date_time AS date_time',
                        'top.extra AS extra', 'window.end AS window_end'))


def q8(read, rate):
    persons = (read('person').withWatermark('date_time', WATERMARK_DELAY)
               .selectExpr('id', 'name', 'date_time AS p_time', 'floor(unix_millis(date_time) / 10000) AS p_win'))
    auctions = (read('auction').withWatermark('date_time', WATERMARK_DELAY)
                .selectExpr('seller', 'date_time AS a_time', 'floor(unix_millis(date_time) / 10000) AS a_win'))
    return (persons.join(auctions, expr('id = seller AND p_win = a_win AND a_time >= p_time - INTERVAL 10 SECONDS '
                                        'AND a_time <= p_time + INTERVAL 10 SECONDS'), 'inner')
            .selectExpr('id', 'name', 'p_time', 'timestamp_seconds(p_win * 10) AS starttime')
            .dropDuplicates(['id', 'starttime', 'p_time'])
            .select('id', 'name', 'starttime'))


def seed_windowed(read, rate):
    return (read('sales')
            .select(from_json(col('value'), SALES_SCHEMA).alias('data'))
            .select('data.*')
            .withColumn('total_amount', col('price') * col('quantity'))
            .withColumn('event_time', from_unixtime(col('timestamp')).cast('timestamp'))
            .withWatermark('event_time', '10 seconds')
            .groupBy(col('product'), window(col('event_time'), '1 minute', '30 seconds'))
            .agg(sum_('total_amount').alias('window_sales'), count('*').alias('window_orders')))


# name: (builder, tables, output mode, second stage factory)
QUERIES = {
    'nexmark-q0': (q0, ['bid'], 'append', None),
    'nexmark-q1': (q1, ['bid'], 'append', None),
    'nexmark-q2': (q2, ['bid'], 'append', None),
    'nexmark-q3': (q3, ['auction', 'person'], 'append', None),
    'nexmark-q4': (q4, ['auction', 'bid'], 'append', Q4Stage),
    'nexmark-q5': (q5, ['bid'], 'append', Q5Stage),
    'nexmark-q7': (q7, ['bid'], 'append', None),
    'nexmark-q8': (q8, ['person', 'auction'], 'append', None),
    'seed-windowed': (seed_windowed, ['sales'], 'update', None),
}


# ---------------------------------------------------------------- process figures

CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def proc_cpu_seconds(pid: int) -> float:
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def proc_hwm_mb(pid: int) -> float:
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024
    return float('nan')


def process_start_epoch() -> float:
    """When this Python process started (from /proc, so the interpreter's own start-up counts too)."""
    with open('/proc/self/stat') as f:
        start_ticks = int(f.read().rsplit(')', 1)[1].split()[19])
    with open('/proc/uptime') as f:
        uptime = float(f.read().split()[0])
    return time.time() - uptime + start_ticks / CLOCK_TICKS


def self_cpu() -> float:
    t = os.times()
    return t.user + t.system


def batch_end_ms(p: dict) -> float:
    ts = datetime.strptime(p['timestamp'], '%Y-%m-%dT%H:%M:%S.%fZ')
    return (ts - datetime(1970, 1, 1)).total_seconds() * 1000 + p['durationMs']['triggerExecution']


def percentile(values: list, p: float) -> float:
    if not values:
        return float('nan')
    s = sorted(values)
    k = max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))
    return s[int(k)]


# ---------------------------------------------------------------- runs

def start_query(df, mode, stage, available_now):
    writer = df.writeStream.outputMode(mode)
    if available_now:
        writer = writer.trigger(availableNow=True)
    writer = writer.format('noop') if stage is None else writer.foreachBatch(stage)
    return writer.start()


def measure_throughput(spark, jvm_pid, name, args, process_start):
    data = args['data']
    files = int(args.get('batch-files', '1'))
    manifest = json.load(open(os.path.join(data, 'manifest.json')))

    def read(table):
        return (spark.readStream.schema(SCHEMAS[table]).option('maxFilesPerTrigger', files)
                .parquet(os.path.join(data, 'parquet', table)))

    return run_throughput(spark, jvm_pid, name, read, manifest['rate'], manifest['events'], files * manifest['chunk'],
                          process_start)


def run_throughput(spark, jvm_pid, name, read, rate, events, batch_size, process_start):
    """Runs a query with Trigger.AvailableNow over a bounded input of `events` events and measures it."""
    build, tables, mode, stage = QUERIES[name]
    df = build(read, rate)
    second = stage() if stage is not None else None
    cpu0 = proc_cpu_seconds(jvm_pid) + self_cpu()
    start_wall = time.time() * 1000
    query = start_query(df, mode, second, True)
    query.awaitTermination()
    progress = query.recentProgress
    end_ms = max(batch_end_ms(p) for p in progress)
    cpu = proc_cpu_seconds(jvm_pid) + self_cpu() - cpu0
    seconds = (end_ms - start_wall) / 1000
    first_end = batch_end_ms(progress[0])
    state_rows = max((sum(s['numRowsTotal'] for s in p['stateOperators']) for p in progress), default=0)
    peak = proc_hwm_mb(jvm_pid) + resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    extra = {} if second is None else {'secondStageRows': second.rows, **({'secondStageResult': second.result()} if second.result() else {})}
    return {
        'events': events, 'batchSize': batch_size, 'batches': len(progress), 'seconds': round(seconds, 3),
        'eventsPerSecond': round(events / seconds), 'cpuSeconds': round(cpu, 3), 'eventsPerCpuSecond': round(events / cpu),
        'peakRssMB': round(peak), 'jvmPeakRssMB': round(proc_hwm_mb(jvm_pid)),
        'firstBatchMsFromProcessStart': round(first_end - process_start * 1000),
        'firstBatchMsFromQueryStart': round(first_end - start_wall),
        'outputRows': sum(max(0, p['sink'].get('numOutputRows', 0)) for p in progress),
        'stateRows': state_rows,
        'inputRowsFirstSource': sum(p['sources'][0]['numInputRows'] for p in progress),
        **extra,
    }


def event_number(table: str, k: int) -> int:
    """The event number of the k-th row of a table (event ids start at 0: 1 person, 3 auctions, 46 bids per 50)."""
    if table == 'person':
        return 50 * k
    if table == 'auction':
        return 50 * (k // 3) + 1 + k % 3
    if table == 'bid':
        return 50 * (k // 46) + 4 + k % 46
    return k


class Feeder(threading.Thread):
    """Serves one table's JSON lines on a local socket, each line sent when its event number is due at `rate` events/s."""

    def __init__(self, table, lines, rate):
        super().__init__(daemon=True)
        self.table, self.lines, self.rate = table, lines, rate
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(1)
        self.port = self.server.getsockname()[1]
        self.sent_at = []  # (lines sent so far, epoch ms)
        self.start_ms = None

    def run(self):
        conn, _ = self.server.accept()
        start = time.time() * 1000
        self.start_ms = start
        sent = 0
        n = len(self.lines)
        while sent < n:
            due_events = (time.time() * 1000 - start) * self.rate / 1000
            upto = sent
            while upto < n and event_number(self.table, upto) <= due_events:
                upto += 1
            if upto > sent:
                conn.sendall(''.join(self.lines[sent:upto]).encode())
                sent = upto
                self.sent_at.append((sent, time.time() * 1000))
            time.sleep(0.001)
        time.sleep(3600)

    def sent_time(self, lines: int) -> float:
        for count_, at in self.sent_at:
            if count_ >= lines:
                return at
        return float('nan')


def table_lines(data, table, events):
    out = []
    k = 0
    folder = os.path.join(data, table)
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name)) as f:
            for line in f:
                if event_number(table, k) >= events:
                    return out
                out.append(line)
                k += 1
    return out


def measure_latency(spark, jvm_pid, name, args):
    build, tables, mode, stage = QUERIES[name]
    rate = int(args.get('rate', '10000'))
    events = rate * int(args.get('latency-seconds', '30'))
    warmup = float(args.get('warmup-seconds', '5'))
    feeders = {t: Feeder(t, table_lines(args['data'], t, events), rate) for t in tables}

    def read(table):
        f = feeders[table]
        return (spark.readStream.format('socket').option('host', '127.0.0.1').option('port', f.port).load()
                .select(from_json(col('value'), SCHEMAS[table]).alias('r')).select('r.*'))

    df = build(read, rate)
    for f in feeders.values():
        f.start()
    cpu0 = proc_cpu_seconds(jvm_pid) + self_cpu()
    query = start_query(df, mode, stage() if stage is not None else None, False)
    expected = sum(len(f.lines) for f in feeders.values())
    while True:
        time.sleep(0.5)
        if sum(p['numInputRows'] for p in query.recentProgress) >= expected:
            break
        if query.exception() is not None:
            raise SystemExit(str(query.exception()))
    query.stop()
    cpu = proc_cpu_seconds(jvm_pid) + self_cpu() - cpu0
    # progress lists the sources in plan order; match each to its feeder by the port in its description
    port_of = {f.port: t for t, f in feeders.items()}
    first = query.recentProgress[0]
    order = [next(t for port, t in port_of.items() if f'port: {port}' in s['description']) for s in first['sources']]
    latencies = []
    measured_events = 0
    consumed = [0] * len(order)
    for p in query.recentProgress:
        before = list(consumed)
        for i, s in enumerate(p['sources']):
            consumed[i] += s['numInputRows']
        if p['numInputRows'] == 0:
            continue
        available = max(feeders[t].sent_time(consumed[i]) for i, t in enumerate(order) if consumed[i] > 0)
        if available >= max(f.start_ms for f in feeders.values()) + warmup * 1000:
            latencies.append(batch_end_ms(p) - available)
            # events covered: from the event after the previous last line to this batch's last line
            measured_events += max(event_number(t, consumed[i] - 1) - (event_number(t, before[i] - 1) if before[i] > 0 else -1)
                                   for i, t in enumerate(order) if consumed[i] > before[i])
    return {
        'rate': rate, 'events': measured_events, 'batches': len(latencies),
        'p50Ms': round(percentile(latencies, 50), 1), 'p95Ms': round(percentile(latencies, 95), 1),
        'p99Ms': round(percentile(latencies, 99), 1), 'maxMs': round(max(latencies), 1),
        'meanEventsPerBatch': round(measured_events / max(1, len(latencies)), 1), 'cpuSeconds': round(cpu, 3),
    }


# ---------------------------------------------------------------- from Kafka

# Ivy settings for spark.jars.packages: Maven Central only, cached in ~/.ivy2/cache (Ivy's default). Spark's built-in
# chain asks ~/.m2 first, and a ~/.m2 holding a dependency's pom without its jar (which Maven leaves behind when it
# needed only the pom) makes the whole resolution fail; cached modules are used without asking the network.
IVY_SETTINGS = '''<ivysettings>
  <settings defaultResolver="central"/>
  <resolvers>
    <ibiblio name="central" m2compatible="true" root="https://repo1.maven.org/maven2/"/>
  </resolvers>
</ivysettings>
'''


def ivy_settings_file() -> str:
    path = os.path.join(tempfile.gettempdir(), 'brook-spark-bench-ivysettings.xml')
    with open(path, 'w') as f:
        f.write(IVY_SETTINGS)
    return path


# Creates a topic (kafkajs from the repository's node_modules; run with cwd = the repository root).
NODE_CREATE_TOPIC = r'''
import kafkajs from 'kafkajs';
const [bootstrap, topic, partitions] = process.argv.slice(1);
const admin = new kafkajs.Kafka({ brokers: [bootstrap], clientId: 'spark-bench-admin', logLevel: kafkajs.logLevel.NOTHING }).admin();
await admin.connect();
try {
  await admin.createTopics({ topics: [{ topic, numPartitions: Number(partitions) }], waitForLeaders: true });
} finally {
  await admin.disconnect();
}
'''


def create_topic(bootstrap: str, topic: str, partitions: int):
    subprocess.run(['node', '--input-type=module', '-e', NODE_CREATE_TOPIC, '--', bootstrap, topic, str(partitions)],
                   cwd=REPO, check=True)


def kafka_reader(spark, bootstrap, topic, max_offsets):
    """The tables of a query as Kafka sources of `topic` (bench/nexmark-kafka.ts: kafkaReader, line for line)."""

    def read(table):
        r = (spark.readStream.format('kafka').option('kafka.bootstrap.servers', bootstrap).option('subscribe', topic)
             .option('startingOffsets', 'earliest'))
        if max_offsets is not None:
            r = r.option('maxOffsetsPerTrigger', max_offsets)
        records = r.load()
        if table == 'sales':
            return records.selectExpr('CAST(key AS STRING) AS key', 'CAST(value AS STRING) AS value', 'timestamp')
        return (records.select(from_json(expr('CAST(value AS STRING)'), EVENTS_DDL).alias('e'))
                .filter(f'e.event_type = {EVENT_TYPE[table]}')
                .select(f'e.{table}.*'))

    return read


def measure_kafka_throughput(spark, jvm_pid, name, args, process_start, bootstrap):
    if 'topic' not in args or 'events' not in args:
        raise SystemExit('--kafka with throughput needs --topic T and --events N (the records the topic holds)')
    topic = args['topic']
    events = int(args['events'])
    max_offsets = int(args.get('max-offsets', '10000'))
    rate = int(args.get('rate', '10000'))
    out = run_throughput(spark, jvm_pid, name, kafka_reader(spark, bootstrap, topic, max_offsets), rate, events,
                         max_offsets, process_start)
    if out['inputRowsFirstSource'] != events:
        raise SystemExit(f"the query read {out['inputRowsFirstSource']} records of {topic}, not the {events} of --events")
    return out


def offsets_of(value) -> dict:
    """A progress source offset: JSON text or (as PySpark parses it) already a dict; None before the first batch."""
    if value is None:
        return {}
    return json.loads(value) if isinstance(value, str) else value


def end_offsets(p: dict, topic: str) -> dict:
    """End offset per partition of `topic` in a progress report, the largest over the sources reading it."""
    out = {}
    for s in p['sources']:
        for partition, offset in offsets_of(s.get('endOffset')).get(topic, {}).items():
            out[partition] = max(out.get(partition, 0), offset)
    return out


def measure_kafka_latency(spark, jvm_pid, name, args, bootstrap):
    build, tables, mode, stage = QUERIES[name]
    rate = int(args.get('rate', '10000'))
    events = rate * int(args.get('latency-seconds', '30'))
    warmup = args.get('warmup-seconds', '5')
    topic = f'lat-spark-{name}-{int(time.time() * 1000)}'
    create_topic(bootstrap, topic, KAFKA_PARTITIONS)
    df = build(kafka_reader(spark, bootstrap, topic, None), rate)
    cpu0 = proc_cpu_seconds(jvm_pid) + self_cpu()
    query = start_query(df, mode, stage() if stage is not None else None, False)
    # the producer starts once the query has found the (empty) topic and waits for data
    deadline = time.time() + 300
    while not query.status['message'].startswith('Waiting for data'):
        if query.exception() is not None:
            raise SystemExit(str(query.exception()))
        if time.time() > deadline:
            raise SystemExit(f'the query did not start on {topic} within 300 s: {query.status}')
        time.sleep(0.05)
    generator = 'sales' if tables == ['sales'] else 'nexmark'
    producer = subprocess.Popen(['node', os.path.join(REPO, 'bin', 'brook.js'), 'generate', generator,
                                 '--bootstrap-servers', bootstrap, '--topic', topic, '--rate', str(rate),
                                 '--events', str(events), '--seed', args.get('seed', '42')],
                                stdout=subprocess.PIPE, text=True, cwd=REPO)
    summary_text, _ = producer.communicate()
    if producer.returncode != 0:
        query.stop()
        raise SystemExit(f'brook generate exited with {producer.returncode}')
    summary = json.loads(summary_text.strip().splitlines()[-1])
    final = {str(k): v for k, v in summary['endOffsets'].items()}
    deadline = time.time() + 120
    while True:
        last = query.lastProgress
        if last is not None and all(end_offsets(last, topic).get(k, 0) >= v for k, v in final.items()):
            break
        if query.exception() is not None:
            raise SystemExit(str(query.exception()))
        if time.time() > deadline:
            query.stop()
            raise SystemExit(f'the query did not read all of {topic} ({final}) within 120 s of the producer\'s end')
        time.sleep(0.05)
    query.stop()
    cpu = proc_cpu_seconds(jvm_pid) + self_cpu() - cpu0
    progress_file = args.get('progress-file') or os.path.join(tempfile.gettempdir(), f'{topic}.progress.jsonl')
    with open(progress_file, 'w') as f:
        for p in query.recentProgress:
            if p['numInputRows'] > 0:
                f.write(json.dumps({'batchId': p['batchId'], 'batchEndMs': batch_end_ms(p),
                                    'numInputRows': p['numInputRows'], 'endOffsets': end_offsets(p, topic)}) + '\n')
    report = subprocess.run(['node', os.path.join(REPO, 'dist', 'bench', 'run.js'), 'kafka-latency', '--bootstrap', bootstrap,
                             '--topic', topic, '--progress', progress_file, '--warmup-seconds', warmup, '--rate', str(rate)],
                            stdout=subprocess.PIPE, text=True, cwd=REPO, check=True).stdout
    figures = json.loads(report[report.index('{'):])
    return {**figures, 'cpuSeconds': round(cpu, 3), 'topic': topic, 'progressFile': progress_file, 'producer': summary}


def parse_args(argv):
    out = {}
    i = 0
    while i < len(argv):
        if argv[i].startswith('--'):
            following = argv[i + 1] if i + 1 < len(argv) else None
            if following is not None and not following.startswith('--'):
                out[argv[i][2:]] = following
                i += 2
                continue
            out[argv[i][2:]] = 'true'
        i += 1
    return out


def main():
    process_start = process_start_epoch()
    name = sys.argv[1] if len(sys.argv) > 1 else 'nexmark-q0'
    args = parse_args(sys.argv[2:])
    bootstrap = args.get('kafka')
    if bootstrap is not None and name.startswith('kafka-'):
        name = name[len('kafka-'):]
    if name not in QUERIES:
        raise SystemExit(f"unknown scenario '{name}'; known: {', '.join(QUERIES)}")
    if bootstrap is None:
        args.setdefault('data', '/tmp/brook-bench-data')
    builder = (SparkSession.builder.master('local[2]').appName(f'spark-bench-{name}')
               .config('spark.ui.enabled', 'false')
               .config('spark.ui.showConsoleProgress', 'false')
               .config('spark.sql.shuffle.partitions', '2')
               .config('spark.sql.session.timeZone', 'UTC')
               .config('spark.sql.streaming.numRecentProgressUpdates', '100000'))
    out = sys.stdout
    if bootstrap is not None:
        builder = (builder.config('spark.jars.packages', args.get('kafka-package', KAFKA_PACKAGE))
                   .config('spark.jars.ivySettings', ivy_settings_file()))
        # Ivy (in the JVM, which shares this process's stdout) prints ':: loading settings' lines on stdout: the JVM
        # and the child processes get stderr as their stdout, the JSON result goes to the real one
        sys.stdout.flush()
        out = os.fdopen(os.dup(1), 'w')
        os.dup2(2, 1)
    session_t0 = time.time()
    spark = builder.getOrCreate()
    session_ms = round((time.time() - session_t0) * 1000)
    spark.sparkContext.setLogLevel('ERROR')
    jvm_pid = int(spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid())
    only = args.get('only')
    if bootstrap is None:
        throughput = None if only == 'latency' else measure_throughput(spark, jvm_pid, name, args, process_start)
        latency = None if only == 'throughput' else measure_latency(spark, jvm_pid, name, args)
        source = {}
    else:
        throughput = None if only == 'latency' else measure_kafka_throughput(spark, jvm_pid, name, args, process_start,
                                                                            bootstrap)
        latency = None if only == 'throughput' else measure_kafka_latency(spark, jvm_pid, name, args, bootstrap)
        # sessionMs: getOrCreate(), which includes Ivy's resolution of the connector (part of the first-batch figure)
        source = {'source': 'kafka', 'topic': args.get('topic') if throughput is not None else latency['topic'],
                  'kafkaPackage': args.get('kafka-package', KAFKA_PACKAGE), 'sessionMs': session_ms}
    print(json.dumps({
        'scenario': name if bootstrap is None else f'kafka-{name}', 'engine': 'spark', 'spark': spark.version,
        'master': 'local[2]', **source,
        'date': datetime.utcnow().isoformat() + 'Z', 'options': args, 'throughput': throughput, 'latency': latency,
    }, indent=2), file=out, flush=True)
    spark.stop()


if __name__ == '__main__':
    main()
