// Scenarios `nexmark-q0` … `nexmark-q8` and `seed-windowed`: a query over the in-process generator, measured for throughput, CPU, memory, start-up and latency.
//
// One process runs, in this order (so the first query is a cold start, as a user's would be):
//   throughput  paced=false, totalEvents=N, maxEventsPerTrigger=batch, Trigger.AvailableNow → noop sink
//               (or foreachBatch with the query's second stage). events/s = N / wall time from start() to the
//               end of the query; CPU seconds = process user+system time over the same span; peak RSS = the
//               process's maxRSS after the run (the high-water mark since the process started).
//   first batch time from the process start (performance.timeOrigin) to the end of batch 0 (its commit), and
//               from the start() call to the same point.
//   latency     paced=true at `rate` events/s of wall-clock time (event time = production time), default trigger,
//               for `latencySeconds`. For each batch with input: latency = (batch start + batchDuration, i.e. when
//               its output was handed to the sink and the batch committed) − (the wall time at which the batch's
//               last event became available: startMs + rows × 1000 / rate, from the source's end offset; with two
//               sources the later of the two). p50/p95/p99 are over batches (nearest-rank), leaving out the batches
//               of the first `warmupSeconds` (JIT warm-up; the cold start is what the first-batch figure shows).
import { join } from 'node:path';
import { internalError } from '../src/common/errors.js';
import { Session } from '../src/index.js';
import type { DataFrame, StreamingQueryListener, StreamingQueryProgress } from '../src/index.js';
import { BENCH_QUERIES } from './nexmark-queries.js';
import type { BenchQuery, NexmarkTable, SecondStage, TableReader } from './nexmark-queries.js';

/** Event time of event 0 in throughput runs (fixed, so every run reads the same events). */
const START_TIMESTAMP_MS = 1_700_000_000_000;

export interface BenchOptions {
  readonly events: number;
  readonly batch: number;
  /** Events per second of event time, and the paced rate of the latency run. */
  readonly rate: number;
  readonly latencySeconds: number;
  /** Batches whose last event came in the first seconds of the latency run are not counted (JIT warm-up). */
  readonly warmupSeconds: number;
  readonly seed: number;
  /** A folder for checkpoints (offsets, commits, state), as Spark always writes; none = state in memory only. */
  readonly checkpoint: string | undefined;
}

export interface ThroughputFigures {
  readonly events: number;
  readonly batchSize: number;
  readonly batches: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly cpuSeconds: number;
  readonly eventsPerCpuSecond: number;
  readonly peakRssMB: number;
  readonly firstBatchMsFromProcessStart: number;
  readonly firstBatchMsFromQueryStart: number;
  /** Rows the first source read (a generator table: its rows only; a Kafka topic: every record). */
  readonly inputRowsFirstSource: number;
  readonly outputRows: number;
  readonly stateRows: number;
  readonly stateMemoryMB: number;
  /** Rows of the second stage (q4, q5), and its answer when it is short (q4's averages), to compare engines. */
  readonly secondStageRows?: number;
  readonly secondStageResult?: readonly Record<string, unknown>[];
}

export interface LatencyFigures {
  readonly rate: number;
  /** Events covered by the measured batches (those after the warm-up with rows). */
  readonly events: number;
  readonly batches: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanEventsPerBatch: number;
  readonly cpuSeconds: number;
}

/**
 * The table reader of a query: its source format with `options` (the sales source gets JSON output and epoch-second start).
 * @example BENCH_QUERIES.q5.build(queryReader(session, BENCH_QUERIES.q5, { paced: false, totalEvents: 1e6 }), 10_000)
 */
export function queryReader(session: Session, query: BenchQuery, options: Readonly<Record<string, string | number | boolean>>) {
  return (table?: NexmarkTable): DataFrame => {
    let r = session.readStream.format(query.source);
    for (const [k, v] of Object.entries(options)) r = r.option(k, v);
    if (query.source === 'sales') {
      // the seed's JSON events; sales timestamps are epoch seconds
      r = r.option('output', 'json');
      if (options.startTimestamp !== undefined) r = r.option('startTimestamp', Math.floor(Number(options.startTimestamp) / 1000));
    } else if (table !== undefined) r = r.option('table', table);
    return r.load();
  };
}

/** Starts the query into the noop sink, or into foreachBatch running the second stage (counting the rows it gives). */
export async function startQuery(df: DataFrame, query: BenchQuery, stage: SecondStage | undefined, availableNow: boolean, counter: { rows: number }, checkpoint?: string) {
  let writer = df.writeStream.outputMode(query.outputMode);
  if (availableNow) writer = writer.trigger({ availableNow: true });
  if (checkpoint !== undefined) writer = writer.option('checkpointLocation', checkpoint);
  writer = stage === undefined ? writer.format('noop') : writer.foreachBatch(async (batch, id) => { counter.rows += await stage.run(batch, id); });
  return writer.start();
}

/** When a batch's output was handed to the sink and the batch committed: its start plus its duration. */
export function batchEndMs(p: StreamingQueryProgress): number {
  return Date.parse(p.timestamp) + p.batchDuration;
}

/** The events up to a source's end offset `{startMs, rows}`. */
function offsetOf(text: string | null): { startMs: number; rows: number } {
  const o = JSON.parse(text ?? '{"startMs":0,"rows":0}') as { startMs: number; rows: number };
  return o;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Nearest-rank percentile of sorted values.
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The tables of a throughput run: the in-process generator (default), or another source such as a Kafka topic. */
export type ReaderFactory = (session: Session, query: BenchQuery, o: BenchOptions) => TableReader;

/** The in-process generator as fast as read: N events from a fixed start time, `batch` events per micro-batch. */
export const generatorReader: ReaderFactory = (session, query, o) => queryReader(session, query, {
  paced: false, totalEvents: o.events, maxEventsPerTrigger: o.batch, rowsPerSecond: o.rate, seed: o.seed, startTimestamp: START_TIMESTAMP_MS,
});

/**
 * Runs `query` over N events as fast as possible (the generator's, or those `reader` reads).
 * @example (await measureThroughput(BENCH_QUERIES.q0, benchOptions({}))).eventsPerSecond
 */
export async function measureThroughput(query: BenchQuery, o: BenchOptions, reader: ReaderFactory = generatorReader): Promise<ThroughputFigures> {
  const session = Session.builder().appName(`bench-${query.name}`).getOrCreate();
  const progress: StreamingQueryProgress[] = [];
  const listener: StreamingQueryListener = { onQueryProgress: (e) => { progress.push(e.progress); } };
  session.streams.addListener(listener);
  const read = reader(session, query, o);
  const stage = query.secondStage?.(session);
  const cpu0 = process.cpuUsage();
  const startWall = Date.now();
  const t0 = performance.now();
  const counter = { rows: 0 };
  const running = await startQuery(query.build(read, o.rate), query, stage, true, counter, checkpointFolder(o, query, 'throughput'));
  await running.awaitTermination();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  session.streams.removeListener(listener);
  const first = progress[0];
  const firstEnd = first === undefined ? Number.NaN : batchEndMs(first);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  let stateRows = 0;
  let stateBytes = 0;
  for (const p of progress) {
    const rows = p.stateOperators.reduce((n, s) => n + s.numRowsTotal, 0);
    if (rows >= stateRows) {
      stateRows = rows;
      stateBytes = p.stateOperators.reduce((n, s) => n + s.memoryUsedBytes, 0);
    }
  }
  return {
    events: o.events, batchSize: o.batch, batches: progress.length, seconds: round(seconds),
    eventsPerSecond: Math.round(o.events / seconds), cpuSeconds: round(cpuSeconds), eventsPerCpuSecond: Math.round(o.events / cpuSeconds),
    peakRssMB,
    firstBatchMsFromProcessStart: Math.round(firstEnd - performance.timeOrigin),
    firstBatchMsFromQueryStart: Math.round(firstEnd - startWall),
    inputRowsFirstSource: progress.reduce((n, p) => n + (p.sources[0]?.numInputRows ?? 0), 0),
    outputRows: progress.reduce((n, p) => n + p.sink.numOutputRows, 0),
    stateRows, stateMemoryMB: round(stateBytes / 2 ** 20),
    ...(stage === undefined ? {} : { secondStageRows: counter.rows }),
    ...(stage === undefined || stage.result().length > 10 ? {} : { secondStageResult: stage.result() }),
  };
}

/** A fresh checkpoint folder per query and run, when checkpoints are asked for. */
function checkpointFolder(o: BenchOptions, query: BenchQuery, run: string): string | undefined {
  return o.checkpoint === undefined ? undefined : join(o.checkpoint, `${query.name}-${run}-${Date.now()}`);
}

/**
 * Runs `query` on events paced at `rate` per second of wall-clock time and measures each batch's latency.
 * @example (await measureLatency(BENCH_QUERIES.q5, benchOptions({ 'latency-seconds': '10' }))).p99Ms
 */
export async function measureLatency(query: BenchQuery, o: BenchOptions): Promise<LatencyFigures> {
  const session = Session.builder().appName(`bench-${query.name}-latency`).getOrCreate();
  const total = o.rate * o.latencySeconds;
  const latencies: number[] = [];
  let events = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => { done = resolve; });
  const listener: StreamingQueryListener = {
    onQueryProgress: (e) => {
      const p = e.progress;
      const ends = p.sources.map((s) => offsetOf(s.endOffset));
      if (ends.every((end) => end.rows >= total)) done();
      // batches without rows (no-data batches, or a table with no row in the new events) have no latency
      if (p.numInputRows === 0) return;
      const starts = p.sources.map((s) => offsetOf(s.startOffset));
      const availableAt = Math.max(...ends.map((end) => end.startMs + (end.rows * 1000) / o.rate));
      if (availableAt < Math.max(...ends.map((end) => end.startMs)) + o.warmupSeconds * 1000) return;
      latencies.push(batchEndMs(p) - availableAt);
      events += Math.max(...ends.map((end, i) => end.rows - starts[i]!.rows));
    },
  };
  session.streams.addListener(listener);
  const read = queryReader(session, query, { paced: true, totalEvents: total, rowsPerSecond: o.rate, seed: o.seed });
  const stage = query.secondStage?.(session);
  const cpu0 = process.cpuUsage();
  const running = await startQuery(query.build(read, o.rate), query, stage, false, { rows: 0 }, checkpointFolder(o, query, 'latency'));
  await finished;
  await running.stop();
  const cpu = process.cpuUsage(cpu0);
  session.streams.removeListener(listener);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate: o.rate, events, batches: latencies.length,
    p50Ms: round(percentile(sorted, 50), 1), p95Ms: round(percentile(sorted, 95), 1), p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 1), meanEventsPerBatch: round(events / Math.max(1, latencies.length), 1),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6),
  };
}

/**
 * Reads the scenario options: --events (2,000,000) --batch (10,000) --rate (10,000) --latency-seconds (30)
 * --warmup-seconds (5: batches of the first seconds of the latency run are not counted) --seed (42)
 * --checkpoint DIR (write checkpoints under DIR) --only throughput|latency.
 * @example benchOptions({ events: '1000000' }).batch // 10000
 */
export function benchOptions(args: Readonly<Record<string, string>>): BenchOptions {
  return {
    events: Number(args.events ?? 2_000_000),
    batch: Number(args.batch ?? 10_000),
    rate: Number(args.rate ?? 10_000),
    latencySeconds: Number(args['latency-seconds'] ?? 30),
    warmupSeconds: Number(args['warmup-seconds'] ?? 5),
    seed: Number(args.seed ?? 42),
    checkpoint: args.checkpoint,
  };
}

/**
 * The runner of one benchmark query: throughput (cold start), then latency; prints one JSON object.
 * @example await nexmarkScenario('q5')({ events: '1000000' })
 */
export function nexmarkScenario(name: string): (args: Readonly<Record<string, string>>) => Promise<unknown> {
  const query = BENCH_QUERIES[name];
  if (query === undefined) throw internalError(`no benchmark query '${name}'; known: ${Object.keys(BENCH_QUERIES).join(', ')}`);
  return async (args) => {
    const o = benchOptions(args);
    const only = args.only;
    const throughput = only === 'latency' ? undefined : await measureThroughput(query, o);
    const latency = only === 'throughput' ? undefined : await measureLatency(query, o);
    return {
      scenario: query.source === 'nexmark' ? `nexmark-${name}` : name,
      engine: 'brook',
      form: query.form,
      node: process.version,
      date: new Date().toISOString(),
      options: o,
      throughput,
      latency,
    };
  };
}
