// `brook generate` against the real broker: nexmark and sales events written by a brook query, read back and compared with the in-process generators; pacing, topic creation, signals, exit codes.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { generateToKafka } from '../../src/cli/generate-command.js';
import type { GenerateSummary } from '../../src/cli/generate-command.js';
import { main } from '../../src/cli/main.js';
import { SalesEventGenerator, parseSalesOptions } from '../../src/sources/generators/sales-generator.js';
import { bootstrapServers, brookClient, createTopic, readAll, text, uniqueTopic, withAdmin } from './kafka-test-support.js';

const REPO = new URL('../../', import.meta.url).pathname;
const ENTRY = 'test/cli/run-brook.ts';

interface Finished { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** `brook ARGS…` as a real process, from the sources (as test/cli/cli-process.test.ts runs it). */
function brookProcess(args: readonly string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `brook ARGS…` in this process through main(), with captured output. */
async function brookInProcess(argv: readonly string[]): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string | Uint8Array) => { stdout += String(chunk); return true; }, isTTY: false },
    stderr: { write: (t: string) => { stderr += t; } },
  });
  return { code, stdout, stderr };
}

/** The partition count Kafka reports for a topic (an independent kafkajs admin). */
async function partitionCount(topic: string): Promise<number> {
  return withAdmin(async (admin) => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length);
}

function sum(offsets: Readonly<Record<string, number>>): number {
  return Object.values(offsets).reduce((a, b) => a + b, 0);
}

/** The rows the in-process nexmark generator gives for these options, as to_json text (memory sink, Trigger.AvailableNow). */
async function inProcessNexmark(options: Record<string, string>): Promise<string[]> {
  const session = new Session('cli-generate-oracle');
  try {
    const name = `oracle_${uniqueTopic('n').replace(/-/g, '_')}`;
    const query = await session.readStream.format('nexmark').options({ table: 'events', paced: 'false', ...options }).load()
      .selectExpr('to_json(struct(*)) AS value').writeStream.format('memory').queryName(name).trigger({ availableNow: true }).start();
    await query.awaitTermination();
    return (await session.table(name).collect()).map((r) => r.value as string);
  } finally {
    await session.stop();
  }
}

let nexmarkOracle: Promise<string[]> | undefined;

/** The sorted to_json rows of the in-process generator for NEXMARK_ARGS (computed once). */
function expectedNexmark(): Promise<string[]> {
  nexmarkOracle ??= inProcessNexmark({ totalEvents: '5000', seed: '7', startTimestamp: '1700000000000', rowsPerSecond: '10000' }).then((rows) => rows.sort());
  return nexmarkOracle;
}

const NEXMARK_ARGS = ['--no-pace', '--events', '5000', '--seed', '7', '--start-timestamp', '1700000000000', '--partitions', '3'];

describe('brook generate nexmark (unpaced)', () => {
  it('writes 5000 events to a new 3-partition topic: 100 persons, 300 auctions, 4600 bids, equal to the in-process generator', async () => {
    const topic = uniqueTopic('gen-nexmark');
    const summary = await generateToKafka({
      generator: 'nexmark', bootstrapServers: bootstrapServers(), topic, events: 5000, paced: false, seed: 7, startTimestampMs: 1_700_000_000_000, partitions: 3,
    });
    expect(summary).toMatchObject({ generator: 'nexmark', topic, partitions: 3, events: 5000 });
    expect(Object.keys(summary.endOffsets)).toEqual(['0', '1', '2']);
    expect(sum(summary.endOffsets)).toBe(5000);
    expect(summary.seconds).toBeGreaterThan(0);
    expect(summary.eventsPerSecond).toBe(Math.round(5000 / summary.seconds));
    expect(await partitionCount(topic)).toBe(3);

    const records = await readAll(topic, 5000);
    expect(records).toHaveLength(5000);
    expect(records.every((r) => r.key === null)).toBe(true);
    const perPartition = [0, 1, 2].map((p) => records.filter((r) => r.partition === p).length);
    expect(perPartition).toEqual([summary.endOffsets['0'], summary.endOffsets['1'], summary.endOffsets['2']]);
    const events = records.map((r) => JSON.parse(r.value!) as { event_type: number; person?: { id: number }; auction?: unknown; bid?: unknown; date_time: string });
    const kinds = [0, 1, 2].map((k) => events.filter((e) => e.event_type === k).length);
    expect(kinds).toEqual([100, 300, 4600]);
    // nulls are left out, as Spark's to_json: a person event has no auction or bid key
    const first = events.find((e) => e.person?.id === 1000)!;
    expect(Object.keys(first)).toEqual(['event_type', 'person', 'date_time']);
    expect(first.date_time).toBe('2023-11-14T22:13:20.000Z');
    // event n at 1700000000000 + floor(n × 1000 / 10000) ms: the last one (n = 4999) at +499 ms
    expect(events.map((e) => e.date_time).sort().at(-1)).toBe('2023-11-14T22:13:20.499Z');

    const expected = await expectedNexmark();
    expect(expected).toHaveLength(5000);
    const written = records.map((r) => r.value!).sort();
    expect(written).toEqual(expected);
    expect(new Set(written).size).toBe(5000);
  });

  it('does the same from the real CLI process: the summary on stdout, the same 5000 records', async () => {
    const topic = uniqueTopic('gen-nexmark-cli');
    const { code, stdout, stderr } = await brookProcess(['generate', 'nexmark', '--bootstrap-servers', bootstrapServers(), '--topic', topic, ...NEXMARK_ARGS]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!) as GenerateSummary;
    expect(Object.keys(summary)).toEqual(['generator', 'topic', 'partitions', 'events', 'seconds', 'eventsPerSecond', 'endOffsets']);
    expect(summary).toMatchObject({ generator: 'nexmark', topic, partitions: 3, events: 5000 });
    expect(sum(summary.endOffsets)).toBe(5000);
    expect(await partitionCount(topic)).toBe(3);
    const records = await readAll(topic, 5000);
    expect(records.map((r) => r.value!).sort()).toEqual(await expectedNexmark());
  });

  it('prints one JSON progress object per batch on stderr with --progress json (--batch 2000: three batches)', async () => {
    const topic = uniqueTopic('gen-progress');
    const { code, stdout, stderr } = await brookInProcess(['generate', 'nexmark', '--bootstrap-servers', bootstrapServers(), '--topic', topic,
      '--no-pace', '--events', '5000', '--batch', '2000', '--progress', 'json']);
    expect(code).toBe(0);
    const progress = stderr.trimEnd().split('\n').map((line) => JSON.parse(line) as { batchId: number; numInputRows: number; sources: { endOffset: string }[] });
    expect(progress.map((p) => [p.batchId, p.numInputRows])).toEqual([[0, 2000], [1, 2000], [2, 1000]]);
    expect(JSON.parse(progress[2]!.sources[0]!.endOffset)).toMatchObject({ rows: 5000 });
    expect(JSON.parse(stdout)).toMatchObject({ events: 5000, partitions: 2 });
  });
});

describe('brook generate sales', () => {
  it('writes keys event_0..event_999 once each, values in the seed schema equal to the generator', async () => {
    const topic = uniqueTopic('gen-sales');
    const before = Math.floor(Date.now() / 1000);
    const { code, stdout, stderr } = await brookInProcess(['generate', 'sales', '--bootstrap-servers', bootstrapServers(), '--topic', topic, '--no-pace', '--events', '1000']);
    const after = Math.floor(Date.now() / 1000);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as GenerateSummary;
    expect(summary).toMatchObject({ generator: 'sales', topic, partitions: 2, events: 1000 });
    expect(sum(summary.endOffsets)).toBe(1000);

    const records = await readAll(topic, 1000);
    expect(records).toHaveLength(1000);
    const keys = records.map((r) => r.key!);
    expect(new Set(keys).size).toBe(1000);
    expect([...keys].sort()).toEqual(Array.from({ length: 1000 }, (_, i) => `event_${i}`).sort());
    const values = new Map(records.map((r) => [r.key!, JSON.parse(r.value!) as Record<string, unknown>]));
    const start = values.get('event_0')!.timestamp as number;
    // event time starts at the query's start (whole seconds); 1000 events at 10000 a second share that second
    expect(start).toBeGreaterThanOrEqual(before);
    expect(start).toBeLessThanOrEqual(after);
    const generator = new SalesEventGenerator(parseSalesOptions({ rowsPerSecond: '10000', seed: '42' }), start);
    for (let i = 0; i < 1000; i++) {
      const value = values.get(`event_${i}`)!;
      expect(Object.keys(value)).toEqual(['event_id', 'timestamp', 'product', 'price', 'quantity', 'region']);
      expect(value).toEqual({ ...generator.event(i) });
    }
    expect(values.get('event_0')).toMatchObject({ event_id: 'event_0', timestamp: start });
  });

  it('uses an existing topic as it is (its partition count, not --partitions)', async () => {
    const topic = uniqueTopic('gen-existing');
    await createTopic(topic, 1);
    const summary = await generateToKafka({ generator: 'sales', bootstrapServers: bootstrapServers(), topic, events: 300, paced: false, partitions: 4, startTimestampMs: 1_700_000_000_999 });
    expect(summary).toMatchObject({ partitions: 1, events: 300, endOffsets: { 0: 300 } });
    expect(await partitionCount(topic)).toBe(1);
    const records = await readAll(topic, 300);
    // the sales generator keeps whole seconds of --start-timestamp
    expect(JSON.parse(records[0]!.value!)).toMatchObject({ event_id: 'event_0', timestamp: 1_700_000_000 });
  });

  it('writes with transactions under --exactly-once (end offsets count one commit marker per batch)', async () => {
    const topic = uniqueTopic('gen-eos');
    const summary = await generateToKafka({ generator: 'sales', bootstrapServers: bootstrapServers(), topic, events: 2500, paced: false, partitions: 1, batch: 1000, exactlyOnce: true });
    expect(summary).toMatchObject({ partitions: 1, events: 2500, endOffsets: { 0: 2503 } });
    const records = await readAll(topic, 2500);
    expect(new Set(records.map((r) => r.key)).size).toBe(2500);
  });
});

describe('brook generate (paced)', () => {
  it('--rate 2000 --events 3000 takes about 1.5 s of wall-clock time, record timestamps spread over it', async () => {
    const topic = uniqueTopic('gen-paced');
    const started = Date.now();
    const batches: number[] = [];
    const summary = await generateToKafka({
      generator: 'nexmark', bootstrapServers: bootstrapServers(), topic, events: 3000, rate: 2000, startTimestampMs: 1_700_000_000_000,
      onProgress: (p) => batches.push(p.numInputRows),
    });
    const elapsed = Date.now() - started;
    expect(summary).toMatchObject({ generator: 'nexmark', topic, partitions: 2, events: 3000 });
    expect(sum(summary.endOffsets)).toBe(3000);
    expect(elapsed).toBeGreaterThanOrEqual(1200);
    expect(summary.seconds).toBeGreaterThanOrEqual(1.2);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(batches.length).toBeGreaterThan(3);

    const client = brookClient();
    try {
      const ranges = await client.readRanges(Object.entries(summary.endOffsets).map(([p, to]) => ({ topic, partition: Number(p), from: 0, to })));
      const records = ranges.flatMap((r) => r.records);
      expect(records).toHaveLength(3000);
      // CreateTime = when the producer sent the record
      expect(records.every((r) => r.timestampType === 0)).toBe(true);
      const times = records.map((r) => r.timestampMs);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1000);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(started - 1000);
      // event time: event n at 1700000000000 + floor(n × 1000 / 2000) ms, the last (n = 2999) at +1499 ms
      const dates = records.map((r) => (JSON.parse(text(r.value)!) as { date_time: string }).date_time).sort();
      expect([dates[0], dates.at(-1)]).toEqual(['2023-11-14T22:13:20.000Z', '2023-11-14T22:13:21.499Z']);
    } finally {
      await client.close();
    }
  });

  it('runs unbounded until the signal aborts, then writes the batch in progress and sums up what it wrote', async () => {
    const topic = uniqueTopic('gen-unbounded');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    const summary = await generateToKafka({ generator: 'sales', bootstrapServers: bootstrapServers(), topic, rate: 1000, signal: controller.signal });
    expect(summary.events).toBeGreaterThan(500);
    expect(summary.events).toBeLessThan(2000);
    expect(sum(summary.endOffsets)).toBe(summary.events);
    const records = await readAll(topic, summary.events);
    expect(records.map((r) => r.key).sort()).toEqual(Array.from({ length: summary.events }, (_, i) => `event_${i}`).sort());
  });
});

describe('brook generate errors', () => {
  it('exits 3 naming the bootstrap servers when the broker is unreachable (real process, short api timeout)', async () => {
    const { code, stdout, stderr } = await brookProcess(['generate', 'nexmark', '--bootstrap-servers', '127.0.0.1:1', '--topic', 'nowhere', '--events', '10', '--api-timeout-ms', '1000']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^brook generate: error: Kafka is unreachable at bootstrap servers 127\.0\.0\.1:1: describing topics nowhere failed \d+ times over \d+\.\d s \(last error: .*ECONNREFUSED.*\)\n/);
    expect(stderr).toContain('Hint: check that the brokers run');
  });

  it('exits 2 with the exact message for usage errors', async () => {
    const servers = ['--bootstrap-servers', bootstrapServers()];
    const cases: [string[], string][] = [
      [['generate', 'tpch', ...servers, '--topic', 't'], "unknown generator 'tpch': choose nexmark or sales"],
      [['generate', ...servers, '--topic', 't'], "'brook generate' needs a generator: nexmark or sales"],
      [['generate', 'nexmark', ...servers], "'brook generate' needs --topic TOPIC"],
      [['generate', 'nexmark', '--topic', 't'], "'brook generate' needs --bootstrap-servers HOST:PORT"],
      [['generate', 'sales', ...servers, '--topic', 't', '--no-pace'], '--no-pace needs --events N: writing as fast as possible must have an end'],
      [['generate', 'sales', ...servers, '--topic', 't', '--events', '1e3'], "--events takes a positive integer, got '1e3'"],
      [['generate', 'sales', ...servers, '--topic', 't', '--rate', '0'], "--rate takes a positive integer (events per second), got '0'"],
      [['generate', 'sales', ...servers, '--topic', 't', '--progress', 'table'], "--progress of 'brook generate' takes json or none, got 'table'"],
    ];
    for (const [argv, message] of cases) {
      expect(await brookInProcess(argv)).toEqual({ code: 2, stdout: '', stderr: `brook: ${message}\nRun 'brook --help' for usage.\n` });
    }
  });

  it('exits 2 for an invalid topic name or a Kafka option the sink refuses, before writing anything', async () => {
    const servers = ['--bootstrap-servers', bootstrapServers()];
    expect(await brookInProcess(['generate', 'sales', ...servers, '--topic', 'no spaces', '--events', '5'])).toEqual({
      code: 2, stdout: '',
      stderr: "brook generate: error: Invalid Kafka topic name 'no spaces': a topic name is 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (and not '.' or '..')\n",
    });
    const topic = uniqueTopic('gen-refused');
    expect(await brookInProcess(['generate', 'sales', ...servers, '--topic', topic, '--events', '5', '--option', 'kafka.acks=1'])).toEqual({
      code: 2, stdout: '',
      stderr: "brook generate: error: Kafka option 'acks' is not supported: the idempotent producer always waits for all in-sync replicas (acks=all).\n",
    });
    expect(await withAdmin((admin) => admin.listTopics())).not.toContain(topic);
  });
});
