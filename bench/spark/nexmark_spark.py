"""The Spark side of the brook benchmarks: the same queries on Spark Structured Streaming (local[2]), the same data, the same figures.

Usage: python bench/spark/nexmark_spark.py <scenario> [--data DIR] [--batch-files K] [--rate R]
                                                      [--latency-seconds S] [--warmup-seconds W] [--only throughput|latency]
scenarios: nexmark-q0 nexmark-q1 nexmark-q2 nexmark-q3 nexmark-q4 nexmark-q5 nexmark-q7 nexmark-q8 seed-windowed

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
"""
import json
import os
import resource
import socket
import sys
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

    def __call__(self, df, batch_id):
        maxima = df.groupBy('starttime').agg(max_('num').alias('maxn')).withColumnRenamed('starttime', 'max_start')
        self.rows += len(df.join(maxima, expr('starttime = max_start AND num >= maxn'), 'inner').select('auction', 'num', 'starttime').collect())

    def result(self):
        return []


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
    build, tables, mode, stage = QUERIES[name]
    data = args['data']
    files = int(args.get('batch-files', '1'))
    manifest = json.load(open(os.path.join(data, 'manifest.json')))

    def read(table):
        return (spark.readStream.schema(SCHEMAS[table]).option('maxFilesPerTrigger', files)
                .parquet(os.path.join(data, 'parquet', table)))

    df = build(read, manifest['rate'])
    second = stage() if stage is not None else None
    cpu0 = proc_cpu_seconds(jvm_pid) + self_cpu()
    start_wall = time.time() * 1000
    query = start_query(df, mode, second, True)
    query.awaitTermination()
    progress = query.recentProgress
    end_ms = max(batch_end_ms(p) for p in progress)
    cpu = proc_cpu_seconds(jvm_pid) + self_cpu() - cpu0
    seconds = (end_ms - start_wall) / 1000
    events = manifest['events']
    first_end = batch_end_ms(progress[0])
    state_rows = max((sum(s['numRowsTotal'] for s in p['stateOperators']) for p in progress), default=0)
    peak = proc_hwm_mb(jvm_pid) + resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    extra = {} if second is None else {'secondStageRows': second.rows, **({'secondStageResult': second.result()} if second.result() else {})}
    return {
        'events': events, 'batchSize': files * manifest['chunk'], 'batches': len(progress), 'seconds': round(seconds, 3),
        'eventsPerSecond': round(events / seconds), 'cpuSeconds': round(cpu, 3), 'eventsPerCpuSecond': round(events / cpu),
        'peakRssMB': round(peak), 'jvmPeakRssMB': round(proc_hwm_mb(jvm_pid)),
        'firstBatchMsFromProcessStart': round(first_end - process_start * 1000),
        'firstBatchMsFromQueryStart': round(first_end - start_wall),
        'outputRows': sum(max(0, p['sink'].get('numOutputRows', 0)) for p in progress),
        'stateRows': state_rows,
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
    if name not in QUERIES:
        raise SystemExit(f"unknown scenario '{name}'; known: {', '.join(QUERIES)}")
    args = parse_args(sys.argv[2:])
    args.setdefault('data', '/tmp/brook-bench-data')
    spark = (SparkSession.builder.master('local[2]').appName(f'spark-bench-{name}')
             .config('spark.ui.enabled', 'false')
             .config('spark.ui.showConsoleProgress', 'false')
             .config('spark.sql.shuffle.partitions', '2')
             .config('spark.sql.session.timeZone', 'UTC')
             .config('spark.sql.streaming.numRecentProgressUpdates', '100000')
             .getOrCreate())
    spark.sparkContext.setLogLevel('ERROR')
    jvm_pid = int(spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid())
    only = args.get('only')
    throughput = None if only == 'latency' else measure_throughput(spark, jvm_pid, name, args, process_start)
    latency = None if only == 'throughput' else measure_latency(spark, jvm_pid, name, args)
    print(json.dumps({
        'scenario': name, 'engine': 'spark', 'spark': spark.version, 'master': 'local[2]',
        'date': datetime.utcnow().isoformat() + 'Z', 'options': args, 'throughput': throughput, 'latency': latency,
    }, indent=2))
    spark.stop()


if __name__ == '__main__':
    main()
