// Exactly-once under SIGKILL: a checkpointed windowed aggregation killed 24 times at random moments and restarted
// gives exactly the output of an uninterrupted run (json file sink, and foreachBatch keyed by batch id).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/index.js';
import {
  OUTPUT_SCHEMA, expectedOutput, killPoint, killsBetweenDataFileAndManifest, outputRowText, runChild, seededRandom, selfKillPoints, traceLength,
  writeCrashInput,
} from './crash-support.js';
import type { ChildPaths, ChildRun, KillAt } from './crash-support.js';

const TARGET_KILLS = 24;
const MIN_KILLS = 20;
const INPUT_FILES = 36;
const EVENTS_PER_FILE = 50;
/** Kills after these writes land inside a batch: after offsets/N is logged and before commits/N. */
const MID_BATCH = ['after sources/i/N', 'after offsets/N', 'after sink data file', 'after sink manifest', 'after foreachBatch file', 'after state delta', 'after state snapshot'];

const session = Session.builder().appName('checkpoint-crash-test').getOrCreate();
let base: string;
let input: string;
let expected: { rows: string[]; lateRows: number };

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'brook-crash-'));
  input = join(base, 'input');
  expected = expectedOutput(writeCrashInput(input, 20240101, INPUT_FILES, EVENTS_PER_FILE));
});
// BROOK_KEEP_CRASH_DIRS=1 keeps the input, outputs, checkpoints and traces for inspection
afterAll(() => {
  if (process.env.BROOK_KEEP_CRASH_DIRS) process.stdout.write(`[crash] kept ${base}\n`);
  else rmSync(base, { recursive: true, force: true });
});

function paths(mode: 'json' | 'foreachBatch', name: string, extraArgs: readonly string[]): ChildPaths {
  const dir = join(base, `${mode}-${name}`);
  return { mode, input, out: join(dir, 'out'), checkpoint: join(dir, 'checkpoint'), trace: join(dir, 'trace.log'), extraArgs };
}

function finishedOk(run: ChildRun): void {
  if (run.exitCode !== 0) throw new Error(`the child failed (exit ${run.exitCode}, signal ${run.signal}):\n${run.stderr}`);
  expect(run.finished).toBe(true);
}

/** The highest committed batch id in a checkpoint (-1 when none). */
function lastCommit(checkpoint: string): number {
  const ids = numbered(join(checkpoint, 'commits'));
  return ids.length === 0 ? -1 : ids[ids.length - 1]!;
}

/** Numbered entry names in a folder (no temp files), ascending. */
function numbered(folder: string, suffix = ''): number[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((n) => new RegExp(`^\\d+${suffix.replace('.', '\\.')}$`).test(n)).map((n) => Number.parseInt(n, 10)).sort((a, b) => a - b);
}

/** Files anywhere under `dir` whose name matches `pattern` (relative paths). */
function filesMatching(dir: string, pattern: RegExp): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((p) => pattern.test(p)).sort();
}

interface CrashSummary {
  readonly kills: number;
  readonly attempts: number;
  readonly points: Record<string, number>;
  readonly seconds: number;
}

interface Reference {
  readonly startupMs: number;
  readonly batches: number;
  /** Atomic writes of the whole uninterrupted run. */
  readonly writes: number;
}

/**
 * Starts the child again and again, SIGKILLing it: a quarter of the kills at a random moment of start-up (module
 * loading, checkpoint recovery; at the latest just after the first write), the others a random 0–10 ms after the
 * m-th write of the run, m random up to 2 × the writes left / the kills left (at most half the writes left), so
 * the kills spread over the whole input and the child never finishes before the last one. Only kills of a child
 * that had not finished count. Then one run to completion.
 */
async function crashAndRecover(p: ChildPaths, reference: Reference, seed: number, afterKill: (point: string) => Promise<void>): Promise<CrashSummary> {
  const random = seededRandom(seed);
  const points: Record<string, number> = {};
  const t0 = performance.now();
  let kills = 0;
  let attempts = 0;
  while (kills < TARGET_KILLS && attempts < TARGET_KILLS * 2) {
    attempts++;
    const batchesLeft = Math.max(1, reference.batches - (lastCommit(p.checkpoint) + 1));
    const writesLeft = Math.max(2, Math.round((reference.writes * batchesLeft) / reference.batches));
    const span = Math.min((2 * writesLeft) / (TARGET_KILLS - kills), writesLeft / 2);
    const duringStartup = random() < 0.25;
    const u = random();
    const jitterMs = random() * 10;
    const killAt: KillAt = duringStartup
      ? { afterSpawnMs: u * reference.startupMs * 1.1, afterWrites: 1, jitterMs: 0 }
      : { afterWrites: 1 + Math.floor(u * span), jitterMs };
    const fromLine = traceLength(p.trace);
    const run = await runChild(p, killAt);
    if (run.killed) {
      kills++;
      const point = killPoint(p.trace, fromLine);
      points[point] = (points[point] ?? 0) + 1;
      await afterKill(point);
    } else if (run.finished) {
      break;
    } else {
      throw new Error(`the child failed after a restart (exit ${run.exitCode}, signal ${run.signal}):\n${run.stderr}`);
    }
  }
  finishedOk(await runChild(p, null));
  return { kills, attempts, points, seconds: Math.round((performance.now() - t0) / 100) / 10 };
}

async function referenceRun(p: ChildPaths): Promise<Reference> {
  const run = await runChild(p, null);
  finishedOk(run);
  const batches = (JSON.parse(readFileSync(join(p.out, 'done'), 'utf8')) as { lastBatchId: number }).lastBatchId + 1;
  return { startupMs: run.startupMs ?? run.elapsedMs / 2, batches, writes: run.writes };
}

function report(mode: string, summary: CrashSummary): void {
  process.stdout.write(`[crash ${mode}] ${summary.kills} kills in ${summary.attempts} starts, ${summary.seconds} s; kill points: ${JSON.stringify(summary.points)}\n`);
}

/**
 * After a crash, readers of the sink folder see exactly the reference rows of the batches that have a manifest there:
 * nothing of a batch cut off between its data file and its manifest.
 */
async function expectOnlyCommittedBatches(folder: string, reference: ReadonlyMap<number, string[]>, after: string): Promise<void> {
  const committed = numbered(join(folder, '_brook_metadata'));
  const want = committed.flatMap((id) => reference.get(id) ?? [`<batch ${id} is not in the reference run>`]).sort();
  expect(await committedRows(folder), `rows readers see after ${after}`).toEqual(want);
}

function midBatchKills(points: Record<string, number>): number {
  return MID_BATCH.reduce((n, k) => n + (points[k] ?? 0), 0);
}

/** The rows of a json sink folder that readers see (committed batches only), as sorted canonical text. */
async function committedRows(folder: string): Promise<string[]> {
  return (await session.read.format('json').schema(OUTPUT_SCHEMA).load(folder).collect()).map(outputRowText).sort();
}

/** Per committed batch id of a json sink folder: its rows, sorted. */
function sinkBatches(folder: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const id of numbered(join(folder, '_brook_metadata'))) {
    const manifest = readFileSync(join(folder, '_brook_metadata', String(id)), 'utf8').split('\n')[1]!;
    const files = (JSON.parse(manifest) as { files: string[] }).files;
    out.set(id, files.flatMap((f) => readFileSync(join(folder, f), 'utf8').split('\n').filter((l) => l !== '')).sort());
  }
  return out;
}

describe('exactly-once recovery under SIGKILL', () => {
  it('json file sink: killed 24 times, the committed output equals an uninterrupted run', async () => {
    // minBatchesToRetain 4: offsets, commits and state files are pruned all along while the query is killed
    const args = ['--write-delay-ms', '4', '--min-batches-to-retain', '4'];
    const ref = paths('json', 'reference', args);
    const reference = await referenceRun(ref);
    const referenceRows = await committedRows(join(ref.out, 'data'));
    expect(reference.batches).toBe(INPUT_FILES + 2); // one batch per file (and the trailing file), then a no-data batch
    expect(referenceRows).toEqual(expected.rows);
    expect(referenceRows.length).toBe(84);
    expect(expected.lateRows).toBeGreaterThan(50);

    const crashed = paths('json', 'crashed', args);
    const referenceBatches = sinkBatches(join(ref.out, 'data'));
    const summary = await crashAndRecover(crashed, reference, 7, async (point) => {
      if (existsSync(join(crashed.out, 'data'))) await expectOnlyCommittedBatches(join(crashed.out, 'data'), referenceBatches, `a kill ${point}`);
    });
    report('json', summary);
    expect(summary.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(midBatchKills(summary.points)).toBeGreaterThanOrEqual(3);

    // the same rows, and every batch id carries the same rows as in the uninterrupted run
    expect(await committedRows(join(crashed.out, 'data'))).toEqual(referenceRows);
    expect(sinkBatches(join(crashed.out, 'data'))).toEqual(referenceBatches);

    // the checkpoint: entries of the last 4 batches kept, state = newest snapshot ≤ version 34 and the deltas after it
    const cp = crashed.checkpoint;
    const last = reference.batches - 1;
    expect(existsSync(join(cp, 'metadata'))).toBe(true);
    expect(numbered(join(cp, 'offsets'))).toEqual([last - 3, last - 2, last - 1, last]);
    expect(numbered(join(cp, 'commits'))).toEqual([last - 3, last - 2, last - 1, last]);
    expect(numbered(join(cp, 'sources', '0'))).toEqual([last - 3, last - 2, last - 1, last]);
    expect(numbered(join(cp, 'state', '0'), '.snapshot')).toEqual([30]);
    expect(numbered(join(cp, 'state', '0'), '.delta')).toEqual([31, 32, 33, 34, 35, 36, 37, 38]);
    expect(filesMatching(cp, /\.damaged$/)).toEqual([]);

    // a restart of the finished query runs no batch and changes nothing
    const again = await runChild(crashed, null);
    finishedOk(again);
    expect(JSON.parse(readFileSync(join(crashed.out, 'done'), 'utf8'))).toEqual({ lastBatchId: -1 });
    expect(lastCommit(cp)).toBe(last);
    expect(await committedRows(join(crashed.out, 'data'))).toEqual(referenceRows);
  }, 240_000);

  it('foreachBatch: killed 24 times, no batch id is written twice with different rows and the output is exact', async () => {
    const args = ['--write-delay-ms', '4', '--batch-sleep-ms', '10'];
    const ref = paths('foreachBatch', 'reference', args);
    const reference = await referenceRun(ref);
    const batchFiles = (out: string) => filesMatching(join(out, 'batches'), /^\d+\.json$/);
    const referenceFiles = batchFiles(ref.out);
    const allRows = (out: string) => batchFiles(out).flatMap((f) => readFileSync(join(out, 'batches', f), 'utf8').split('\n').filter((l) => l !== '')).sort();
    expect(referenceFiles.length).toBe(INPUT_FILES + 2);
    expect(allRows(ref.out)).toEqual(expected.rows);

    const crashed = paths('foreachBatch', 'crashed', args);
    const summary = await crashAndRecover(crashed, reference, 11, async (point) => {
      expect(readdirSync(crashed.out).filter((n) => n.startsWith('conflict-')), `conflicts after a kill ${point}`).toEqual([]);
    });
    report('foreachBatch', summary);
    expect(summary.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(midBatchKills(summary.points)).toBeGreaterThanOrEqual(3);

    // a replayed batch id always carried the rows it had the first time, and the same as in the uninterrupted run
    expect(readdirSync(crashed.out).filter((n) => n.startsWith('conflict-'))).toEqual([]);
    expect(batchFiles(crashed.out)).toEqual(referenceFiles);
    for (const f of referenceFiles) {
      expect(readFileSync(join(crashed.out, 'batches', f), 'utf8'), `batch file ${f}`).toBe(readFileSync(join(ref.out, 'batches', f), 'utf8'));
    }
    expect(allRows(crashed.out)).toEqual(expected.rows);

    // the checkpoint keeps every batch (minBatchesToRetain 100): offsets, commits, source metadata, state deltas, snapshots
    const cp = crashed.checkpoint;
    const ids = Array.from({ length: reference.batches }, (_, i) => i);
    expect(numbered(join(cp, 'offsets'))).toEqual(ids);
    expect(numbered(join(cp, 'commits'))).toEqual(ids);
    expect(numbered(join(cp, 'sources', '0'))).toEqual(ids);
    expect(numbered(join(cp, 'state', '0'), '.delta')).toEqual(ids.map((i) => i + 1));
    expect(numbered(join(cp, 'state', '0'), '.snapshot')).toEqual([10, 20, 30]);
    expect(filesMatching(cp, /\.damaged$/)).toEqual([]);
  }, 240_000);

  it('json file sink: a crash just before each kind of checkpoint write, in turn, loses and duplicates nothing', async () => {
    const args = ['--min-batches-to-retain', '4'];
    const ref = paths('json', 'sweep-reference', args);
    await referenceRun(ref);
    const referenceRows = await committedRows(join(ref.out, 'data'));
    const referenceBatches = sinkBatches(join(ref.out, 'data'));
    expect(referenceRows).toEqual(expected.rows);

    // each run kills itself just before the n-th write of one kind (its temp file written, not yet renamed), cycling
    // through the steps of the protocol; each restart first recovers from the previous crash. The write sequence of a
    // run is deterministic, so this test is too.
    // first every step of the very first batch (batch 0 writes no data file: its windows are still open), then cycles
    const firstBatch = ['/metadata:1', '/sources/0/:1', '/offsets/:1', '/_brook_metadata/:1', '.delta:1', '/commits/:1'];
    // '/_brook_metadata/:1' right after '/part-:1': the re-run batch dies between its data file and its manifest
    const steps = ['/sources/0/:2', '/offsets/:2', '/part-:1', '/_brook_metadata/:1', '.delta:2', '/commits/:2'];
    const schedule: readonly string[] = [...firstBatch, ...Array.from({ length: 3 }, () => [...steps, '.snapshot:1']).flat()];
    const swept = paths('json', 'sweep', args);
    let runs = 0;
    for (;;) {
      const killBefore = schedule[runs];
      runs++;
      const run = await runChild({ ...swept, extraArgs: killBefore === undefined ? args : [...args, '--kill-before', killBefore] }, null);
      if (run.finished) break;
      if (run.signal !== 'SIGKILL') throw new Error(`the child failed after a restart (exit ${run.exitCode}, signal ${run.signal}):\n${run.stderr}`);
      if (existsSync(join(swept.out, 'data'))) await expectOnlyCommittedBatches(join(swept.out, 'data'), referenceBatches, `a crash before ${killBefore}`);
    }
    const points = selfKillPoints(swept.trace);
    process.stdout.write(`[crash sweep] ${runs - 1} crashes; ${JSON.stringify(points)}\n`);
    expect(points).toEqual({
      'before metadata': 1, 'before sources/i/N': 4, 'before offsets/N': 4, 'before sink data file': 3,
      'before sink manifest': 4, 'before state delta': 4, 'before commits/N': 4, 'before state snapshot': 3,
    });
    // these batches died between their data file and their manifest (readers did not see the file, checked above)
    expect(killsBetweenDataFileAndManifest(swept.trace)).toEqual([5, 17, 23]);
    expect(await committedRows(join(swept.out, 'data'))).toEqual(referenceRows);
    expect(sinkBatches(join(swept.out, 'data'))).toEqual(referenceBatches);
    expect(filesMatching(swept.checkpoint, /\.damaged$/)).toEqual([]);
  }, 240_000);
});
