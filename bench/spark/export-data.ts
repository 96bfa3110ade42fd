// `node dist/bench/spark/export-data.js --out DIR [--events N] [--chunk C]`: writes the benchmark's generated events as JSON Lines for Spark.
//
// The same generators and options as the brook scenarios (seed 42, 10,000 events per event-time second, event 0 at
// 2023-11-14T22:13:20Z), one file per chunk of C events and table, so Spark's file stream can read a chunk per
// file in order: DIR/<table>/chunk-<5 digits>.json for table person, auction, bid and sales (the seed's Kafka-like
// records: key, value = the event's JSON text, timestamp).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordBatchToRows } from '../../src/compute/arrow-bridge.js';
import { NexmarkSource, parseNexmarkOptions } from '../../src/sources/generators/nexmark-generator.js';
import { SalesSource, parseSalesOptions } from '../../src/sources/generators/sales-generator.js';
import type { Source } from '../../src/sources/source.js';

const START_TIMESTAMP_MS = 1_700_000_000_000;

function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i]!.replace(/^--/, '')] = argv[i + 1] ?? '';
  return out;
}

/** Writes events [0, events) of one source in chunks; returns the number of rows written. */
async function exportSource(source: Source, folder: string, events: number, chunk: number): Promise<number> {
  mkdirSync(folder, { recursive: true });
  let rows = 0;
  for (let from = 0, index = 0; from < events; from += chunk, index++) {
    const to = Math.min(events, from + chunk);
    const startMs = START_TIMESTAMP_MS;
    const batches = await source.getBatch(from === 0 ? null : { startMs, rows: from }, { startMs, rows: to });
    const lines = batches.flatMap((b) => recordBatchToRows(b, source.schema)).map((r) => JSON.stringify(r));
    rows += lines.length;
    writeFileSync(join(folder, `chunk-${String(index).padStart(5, '0')}.json`), lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  }
  return rows;
}

const args = parseArgs(process.argv.slice(2));
const out = args.out ?? '/tmp/brook-bench-data';
const events = Number(args.events ?? 2_000_000);
const chunk = Number(args.chunk ?? 10_000);
const rate = Number(args.rate ?? 10_000);
const common = { paced: 'false', totalEvents: String(events), rowsPerSecond: String(rate), seed: '42' };
const counts: Record<string, number> = {};
for (const table of ['person', 'auction', 'bid'] as const) {
  const source = new NexmarkSource(parseNexmarkOptions({ ...common, table, startTimestamp: String(START_TIMESTAMP_MS) }));
  counts[table] = await exportSource(source, join(out, table), events, chunk);
}
const sales = new SalesSource(parseSalesOptions({ ...common, output: 'json', startTimestamp: String(START_TIMESTAMP_MS / 1000) }), () => START_TIMESTAMP_MS);
counts.sales = await exportSource(sales, join(out, 'sales'), events, chunk);
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify({ events, chunk, rate, seed: 42, startTimestampMs: START_TIMESTAMP_MS, rows: counts }, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ out, events, chunk, rows: counts })}\n`);
