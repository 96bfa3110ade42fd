// Child process of the crash test: a checkpointed windowed aggregation from json files to a json or foreachBatch sink.
//
//   node --import tsx test/checkpoint/crash-child.ts --mode json|foreachBatch --input DIR --out DIR --checkpoint DIR
//        [--write-delay-ms N] [--batch-sleep-ms N] [--trace FILE] [--min-batches-to-retain N] [--kill-before TEXT:K]
//
// mode json:          rows go to the json file sink at <out>/data (readers see only committed batches).
// mode foreachBatch:  each batch's rows go to <out>/batches/<batchId>.json (written atomically, rows sorted); when that
//                     file already exists with different contents, <out>/conflict-<batchId> records both versions.
// --write-delay-ms:   every fs.renameSync (the last step of every atomic write: checkpoint entries, state files, sink
//                     files, manifests) first sleeps N ms, so a SIGKILL often lands between two writes of one batch.
// --trace FILE:       one line per completed rename (`<ms> rename <path>`), `<ms> start <pid>`, `<ms> done`.
// stdout:             `start` when main begins, then `write` after each completed rename (the test counts them).
// --kill-before TEXT:K: the child SIGKILLs itself just before the K-th rename whose target path contains TEXT (the
//                     file's temp copy is written, the rename is not done), after tracing `<ms> kill-before <path>`:
//                     a crash at an exact step of the protocol.
// When the query has processed all input (trigger availableNow) it writes <out>/done and exits 0.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join } from 'node:path';
import { Session, col, count, sum, window } from '../../src/index.js';
import type { DataFrame } from '../../src/index.js';
import { INPUT_SCHEMA, WATERMARK_DELAY_MS, WINDOW_MS, outputRowText } from './crash-support.js';

interface ChildArgs {
  readonly mode: 'json' | 'foreachBatch';
  readonly input: string;
  readonly out: string;
  readonly checkpoint: string;
  readonly writeDelayMs: number;
  readonly batchSleepMs: number;
  readonly trace: string | undefined;
  readonly minBatchesToRetain: string | undefined;
  readonly killBefore: { readonly text: string; readonly occurrence: number } | undefined;
}

function parseArgs(argv: readonly string[]): ChildArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) flags.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  const need = (name: string): string => {
    const v = flags.get(name);
    if (v === undefined || v === '') throw new Error(`crash-child: --${name} is required`);
    return v;
  };
  const mode = need('mode');
  if (mode !== 'json' && mode !== 'foreachBatch') throw new Error(`crash-child: --mode must be json or foreachBatch, got ${mode}`);
  return {
    mode,
    input: need('input'),
    out: need('out'),
    checkpoint: need('checkpoint'),
    writeDelayMs: Number(flags.get('write-delay-ms') ?? '0'),
    batchSleepMs: Number(flags.get('batch-sleep-ms') ?? '0'),
    trace: flags.get('trace'),
    minBatchesToRetain: flags.get('min-batches-to-retain'),
    killBefore: parseKillBefore(flags.get('kill-before')),
  };
}

function parseKillBefore(flag: string | undefined): ChildArgs['killBefore'] {
  if (flag === undefined) return undefined;
  const at = flag.lastIndexOf(':');
  return { text: flag.slice(0, at), occurrence: Number(flag.slice(at + 1)) };
}

const originalRename = fs.renameSync;

function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function traceLine(trace: string | undefined, text: string): void {
  if (trace !== undefined) fs.appendFileSync(trace, `${Date.now()} ${text}\n`);
}

/** Slows down and records every rename (brook's atomic writes end with one), for the ESM bindings of node:fs too. */
function instrumentRenames(args: ChildArgs): void {
  const { killBefore } = args;
  if (args.writeDelayMs <= 0 && args.trace === undefined && killBefore === undefined) return;
  let matches = 0;
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
    if (killBefore !== undefined && String(to).includes(killBefore.text) && ++matches === killBefore.occurrence) {
      traceLine(args.trace, `kill-before ${String(to)}`);
      process.kill(process.pid, 'SIGKILL');
    }
    sleepSync(args.writeDelayMs);
    originalRename(from, to);
    traceLine(args.trace, `rename ${String(to)}`);
    fs.writeSync(1, 'write\n');
  };
  syncBuiltinESMExports();
}

/** The windowed aggregation under test: late rows (window end ≤ previous watermark) are dropped. */
function crashQuery(session: Session, input: string): DataFrame {
  return session.readStream.format('json').schema(INPUT_SCHEMA).option('maxFilesPerTrigger', 1).load(input)
    .withWatermark('event_time', `${WATERMARK_DELAY_MS / 1000} seconds`)
    .groupBy('product', 'region', window(col('event_time'), `${WINDOW_MS / 1000} seconds`))
    .agg(sum('amount').alias('total'), count('*').alias('n'));
}

function writeBatchFile(out: string, batchId: number, text: string): void {
  const path = join(out, 'batches', `${batchId}.json`);
  if (fs.existsSync(path)) {
    const before = fs.readFileSync(path, 'utf8');
    if (before !== text) fs.writeFileSync(join(out, `conflict-${batchId}`), `--- first\n${before}--- replay\n${text}`);
    return;
  }
  fs.mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, path);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  traceLine(args.trace, `start ${process.pid}`);
  fs.writeSync(1, 'start\n');
  instrumentRenames(args);
  const session = Session.builder().appName('crash-child').getOrCreate();
  if (args.minBatchesToRetain !== undefined) session.conf.set('spark.sql.streaming.minBatchesToRetain', args.minBatchesToRetain);
  const writer = crashQuery(session, args.input).writeStream.outputMode('append')
    .option('checkpointLocation', args.checkpoint).trigger({ availableNow: true });
  const query = args.mode === 'json'
    ? await writer.format('json').option('path', join(args.out, 'data')).start()
    : await writer.foreachBatch(async (df, batchId) => {
      const rows = (await df.collect()).map(outputRowText).sort();
      sleepSync(args.batchSleepMs);
      writeBatchFile(args.out, batchId, rows.map((r) => `${r}\n`).join(''));
    }).start();
  await query.awaitTermination();
  const last = query.lastProgress?.batchId ?? -1;
  fs.writeFileSync(join(args.out, 'done'), JSON.stringify({ lastBatchId: last }));
  traceLine(args.trace, 'done');
  process.exit(0);
}

if (process.argv[1] !== undefined && process.argv[1].endsWith('crash-child.ts')) {
  main().catch((error: unknown) => {
    process.stderr.write(`crash-child failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
