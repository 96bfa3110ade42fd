"""Renders the brook-vs-Spark tables of bench/README.md from the JSON files run-all.sh writes.

Usage: python bench/spark/make_table.py RESULTS_DIR
Files read: brook-<scenario>-throughput-<n>.json (the median events/s of the runs is reported, with that run's
other figures), brook-<scenario>-latency.json, spark-<scenario>-10k.json (throughput at 10,000-event batches),
spark-<scenario>.json (throughput at 100,000-event batches, then latency). Spark's throughput is the better of
its two batch sizes; the ratio is brook / that. Result rows (output rows; q4: auctions closed; q5: second-stage rows)
compare brook with Spark at the same batch size (update-mode output depends on the batches).

From Kafka (run-kafka.sh), rendered as their own tables when the folder holds them: brook-kafka-<scenario>-throughput-<n>.json,
brook-kafka-<scenario>-latency.json, spark-kafka-<scenario>-10k.json, spark-kafka-<scenario>-100k.json,
spark-kafka-<scenario>-latency.json (same columns), and brook-kafka-passthrough.json (the `kafka` scenario: brook's
Kafka source and sink next to kafkajs's own consumer and producer on the same topic).
"""
import glob
import json
import os
import statistics
import sys

SCENARIOS = ['nexmark-q0', 'nexmark-q1', 'nexmark-q2', 'nexmark-q3', 'nexmark-q4', 'nexmark-q5', 'nexmark-q7',
             'nexmark-q8', 'seed-windowed']


def load(path):
    try:
        with open(path) as f:
            text = f.read()
        return json.loads(text[text.index('{'):])
    except (OSError, ValueError):
        return None


def result_size(t):
    """What both engines should agree on: output rows; q4: auctions closed; q5: second-stage rows."""
    if not t:
        return None
    closed = t.get('secondStageResult')
    if closed and all('auctions' in r for r in closed):  # q4's averages (brook lists q5's rows too when they are few)
        return sum(r['auctions'] for r in closed)
    return t.get('secondStageRows', t['outputRows'])


def fmt(x, digits=0):
    if x is None:
        return 'n/a'
    return f'{x:,.{digits}f}'


def brook_median(folder, prefix):
    """The median run by events/s of brook's throughput runs, and every run's events/s."""
    runs = [load(p) for p in sorted(glob.glob(os.path.join(folder, f'{prefix}-throughput-*.json')))]
    runs = [r['throughput'] for r in runs if r and r.get('throughput')]
    brook = sorted(runs, key=lambda t: t['eventsPerSecond'])[len(runs) // 2] if runs else None
    return brook, [t['eventsPerSecond'] for t in runs]


def section(key, brook, all_eps, brook_lat, spark10, spark100, spark_lat):
    candidates = [t for t in (spark10, spark100) if t]
    spark = max(candidates, key=lambda t: t['eventsPerSecond']) if candidates else None
    return (key, brook, all_eps, brook_lat, spark, spark10, spark100, spark_lat)


def in_process_rows(folder):
    rows = []
    for s in SCENARIOS:
        brook, all_eps = brook_median(folder, f'brook-{s}')
        brook_lat = (load(os.path.join(folder, f'brook-{s}-latency.json')) or {}).get('latency')
        spark10 = (load(os.path.join(folder, f'spark-{s}-10k.json')) or {}).get('throughput')
        spark_main = load(os.path.join(folder, f'spark-{s}.json')) or {}
        rows.append(section(s, brook, all_eps, brook_lat, spark10, spark_main.get('throughput'), spark_main.get('latency')))
    return rows


def kafka_rows(folder):
    rows = []
    for s in SCENARIOS:
        k = f'kafka-{s}'
        brook, all_eps = brook_median(folder, f'brook-{k}')
        brook_lat = (load(os.path.join(folder, f'brook-{k}-latency.json')) or {}).get('latency')
        spark10 = (load(os.path.join(folder, f'spark-{k}-10k.json')) or {}).get('throughput')
        spark100 = (load(os.path.join(folder, f'spark-{k}-100k.json')) or {}).get('throughput')
        spark_lat = (load(os.path.join(folder, f'spark-{k}-latency.json')) or {}).get('latency')
        rows.append(section(k, brook, all_eps, brook_lat, spark10, spark100, spark_lat))
    return rows


def print_tables(rows):
    print('| scenario | brook events/s (median of runs) | Spark events/s, 10k / 100k batches | brook ÷ best Spark | '
          'CPU s brook / Spark | events per CPU-s brook / Spark | peak RSS MB brook / Spark |')
    print('|---|---|---|---|---|---|---|')
    for s, brook, all_eps, _, spark, spark10, spark100, _ in rows:
        ratio = brook['eventsPerSecond'] / spark['eventsPerSecond'] if brook and spark else None
        runs = ', '.join(fmt(e) for e in all_eps)
        print(f"| {s} | {fmt(brook and brook['eventsPerSecond'])} ({runs}) | "
              f"{fmt(spark10 and spark10['eventsPerSecond'])} / {fmt(spark100 and spark100['eventsPerSecond'])} | "
              f"{fmt(ratio, 1)}× | {fmt(brook and brook['cpuSeconds'], 2)} / {fmt(spark and spark['cpuSeconds'], 1)} | "
              f"{fmt(brook and brook['eventsPerCpuSecond'])} / {fmt(spark and spark['eventsPerCpuSecond'])} | "
              f"{fmt(brook and brook['peakRssMB'])} / {fmt(spark and spark['peakRssMB'])} |")
    print()
    print('| scenario | first committed batch, ms from process start brook / Spark | … from start() brook / Spark | '
          'latency p50 / p95 / p99 ms brook | latency p50 / p95 / p99 ms Spark | result rows brook / Spark (10k batches) |')
    print('|---|---|---|---|---|---|')
    for s, brook, _, brook_lat, spark, spark10, _, spark_lat in rows:
        def lat(x):
            return f"{fmt(x['p50Ms'], 1)} / {fmt(x['p95Ms'], 1)} / {fmt(x['p99Ms'], 1)}" if x else 'n/a'
        out_b, out_s = result_size(brook), result_size(spark10 or spark)
        print(f"| {s} | {fmt(brook and brook['firstBatchMsFromProcessStart'])} / {fmt(spark and spark['firstBatchMsFromProcessStart'])} | "
              f"{fmt(brook and brook['firstBatchMsFromQueryStart'])} / {fmt(spark and spark['firstBatchMsFromQueryStart'])} | "
              f"{lat(brook_lat)} | {lat(spark_lat)} | {fmt(out_b)} / {fmt(out_s)} |")


def print_passthrough(p):
    """brook's Kafka source (and sink) next to kafkajs's own client on the same topic (the `kafka` scenario)."""
    raw = max(p['kafkajsConsumer'], key=lambda r: r['recordsPerSecond'])
    raw_write = p['produceWithKafkajsProducer']

    def row(label, r, base):
        print(f"| {label} | {fmt(r['recordsPerSecond'])} | {fmt(r['cpuSeconds'], 2)} | {fmt(r['recordsPerSecond'] / base['recordsPerSecond'], 2)} |")

    print(f"| pass-through, {fmt(p['events'])} sales records, {p['partitions']} partitions | records/s | CPU s | ÷ kafkajs |")
    print('|---|---|---|---|')
    row('read: kafkajs consumer (raw, eachBatch; better of 2 runs)', raw, raw)
    row('read: brook Kafka source → noop (raw records)', p['brookRaw'], raw)
    row('read: brook Kafka source → seed parsing pipeline → noop', p['brookParsed'], raw)
    row('write: kafkajs idempotent producer (10,000 records per send, acks=all)', raw_write, raw_write)
    row('write: brook sales generator → Kafka sink', p['produceWithBrookKafkaSink'], raw_write)


def main():
    folder = sys.argv[1]
    has_kafka = bool(glob.glob(os.path.join(folder, 'brook-kafka-*.json')) + glob.glob(os.path.join(folder, 'spark-kafka-*.json')))
    has_in_process = any(glob.glob(os.path.join(folder, f'{e}-{s}[-.]*json')) for e in ('brook', 'spark') for s in SCENARIOS)
    if has_in_process or not has_kafka:
        print_tables(in_process_rows(folder))
    if has_kafka:
        if has_in_process:
            print()
        print('#### From Kafka')
        print()
        print_tables([r for r in kafka_rows(folder) if any(r[i] for i in (1, 3, 4, 7))])  # the scenarios that ran
        passthrough = load(os.path.join(folder, 'brook-kafka-passthrough.json'))
        if passthrough and passthrough.get('kafkajsConsumer'):
            print()
            print_passthrough(passthrough)


if __name__ == '__main__':
    main()
