"""Renders the brook-vs-Spark tables of bench/README.md from the JSON files run-all.sh writes.

Usage: python bench/spark/make_table.py RESULTS_DIR
Files read: brook-<scenario>-throughput-<n>.json (the median events/s of the runs is reported, with that run's
other figures), brook-<scenario>-latency.json, spark-<scenario>-10k.json (throughput at 10,000-event batches),
spark-<scenario>.json (throughput at 100,000-event batches, then latency). Spark's throughput is the better of
its two batch sizes; the ratio is brook / that. Result rows (output rows; q4: auctions closed; q5: second-stage rows)
compare brook with Spark at the same batch size (update-mode output depends on the batches).
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
    if t.get('secondStageResult'):
        return sum(r['auctions'] for r in t['secondStageResult'])
    return t.get('secondStageRows', t['outputRows'])


def fmt(x, digits=0):
    if x is None:
        return 'n/a'
    return f'{x:,.{digits}f}'


def main():
    folder = sys.argv[1]
    rows = []
    for s in SCENARIOS:
        runs = [load(p) for p in sorted(glob.glob(os.path.join(folder, f'brook-{s}-throughput-*.json')))]
        runs = [r['throughput'] for r in runs if r and r.get('throughput')]
        brook = sorted(runs, key=lambda t: t['eventsPerSecond'])[len(runs) // 2] if runs else None
        all_eps = [t['eventsPerSecond'] for t in runs]
        brook_lat = (load(os.path.join(folder, f'brook-{s}-latency.json')) or {}).get('latency')
        spark10 = (load(os.path.join(folder, f'spark-{s}-10k.json')) or {}).get('throughput')
        spark_main = load(os.path.join(folder, f'spark-{s}.json')) or {}
        spark100 = spark_main.get('throughput')
        spark_lat = spark_main.get('latency')
        candidates = [t for t in (spark10, spark100) if t]
        spark = max(candidates, key=lambda t: t['eventsPerSecond']) if candidates else None
        rows.append((s, brook, all_eps, brook_lat, spark, spark10, spark100, spark_lat))

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
        out_b, out_s = result_size(brook), result_size(spark10)
        print(f"| {s} | {fmt(brook and brook['firstBatchMsFromProcessStart'])} / {fmt(spark and spark['firstBatchMsFromProcessStart'])} | "
              f"{fmt(brook and brook['firstBatchMsFromQueryStart'])} / {fmt(spark and spark['firstBatchMsFromQueryStart'])} | "
              f"{lat(brook_lat)} | {lat(spark_lat)} | {fmt(out_b)} / {fmt(out_s)} |")


if __name__ == '__main__':
    main()
