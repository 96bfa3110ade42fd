// Crash-test helpers: seeded input files, the expected append-mode windows, and starting/killing the child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The child's query (crash-child.ts): input schema, watermark delay, tumbling window size. */
export const INPUT_SCHEMA = 'product STRING, region STRING, amount INT, event_time TIMESTAMP';
export const WATERMARK_DELAY_MS = 20_000;
export const WINDOW_MS = 30_000;
export const OUTPUT_SCHEMA = 'product STRING, region STRING, window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, total BIGINT, n BIGINT';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
const CHILD = join(HERE, 'crash-child.ts');

/** mulberry32: a small seeded PRNG, so a test's input and kill schedule come back the same. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InputEvent {
  readonly product: string;
  readonly region: string;
  readonly amount: number;
  readonly eventTimeMs: number;
}

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/**
 * Writes `files` JSON Lines files of `eventsPerFile` events (file k is "at" T0 + 5k s: events up to 15 s behind it,
 * a few 20–45 s behind (late or not, by the watermark), a few 60–120 s behind (always late), then one trailing file with
 * one event an hour later that moves the watermark past every window. Modification times increase with k, so the
 * source admits the files in order.
 */
export function writeCrashInput(dir: string, seed: number, files: number, eventsPerFile: number): InputEvent[][] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const products = ['apple', 'banana', 'cherry', 'damson'];
  const regions = ['north', 'south', 'west'];
  const all: InputEvent[][] = [];
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k <= files; k++) {
    const now = T0 + k * 5000;
    const events: InputEvent[] = [];
    if (k === files) {
      events.push({ product: 'flush', region: 'none', amount: 1, eventTimeMs: now + 3_600_000 });
    } else {
      for (let i = 0; i < eventsPerFile; i++) {
        const r = random();
        const behindMs = r < 0.06 && k >= 4 ? 60_000 + random() * 60_000 : r < 0.12 && k >= 4 ? 20_000 + random() * 25_000 : random() * 20_000 - 5_000;
        events.push({ product: pick(products), region: pick(regions), amount: 1 + Math.floor(random() * 100), eventTimeMs: Math.round(now - behindMs) });
      }
    }
    const path = join(dir, `input-${String(k).padStart(3, '0')}.json`);
    writeFileSync(path, events.map((e) => JSON.stringify({ product: e.product, region: e.region, amount: e.amount, event_time: new Date(e.eventTimeMs).toISOString() })).join('\n') + '\n');
    const mtime = new Date(T0 + k * 1000);
    utimesSync(path, mtime, mtime);
    all.push(events);
  }
  return all;
}

/** Canonical text of an output row (the child's rowText: window bounds as ISO text). */
export function outputRowText(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
}

/**
 * The rows an uninterrupted run must emit, worked out independently of brook. One file per batch and no no-data
 * batches between data batches (all files are there under availableNow), so batch k runs with watermark wm(k-1) and
 * judges rows late against the watermark the previous batch ran with, wm(k-2) (Spark 3.5: late rows are filtered with
 * the previous batch's watermark): a row is dropped when its window end ≤ wm(k-2). wm(k) = max event time of files
 * 0..k − delay (never lower than before, 0 at first). Every window whose end ≤ the final watermark is emitted once.
 * Also returns how many rows were late.
 */
export function expectedOutput(files: readonly (readonly InputEvent[])[]): { rows: string[]; lateRows: number } {
  const wm: number[] = [];
  let maxSeen = Number.NEGATIVE_INFINITY;
  let current = 0;
  const groups = new Map<string, { product: string; region: string; start: number; total: number; n: number }>();
  let lateRows = 0;
  files.forEach((events, k) => {
    const lateWatermark = k >= 2 ? wm[k - 2]! : 0;
    for (const e of events) {
      const start = Math.floor(e.eventTimeMs / WINDOW_MS) * WINDOW_MS;
      if (start + WINDOW_MS <= lateWatermark) {
        lateRows++;
        continue;
      }
      const key = `${e.product}|${e.region}|${start}`;
      const g = groups.get(key) ?? { product: e.product, region: e.region, start, total: 0, n: 0 };
      g.total += e.amount;
      g.n += 1;
      groups.set(key, g);
      maxSeen = Math.max(maxSeen, e.eventTimeMs);
    }
    current = Math.max(current, maxSeen - WATERMARK_DELAY_MS);
    wm.push(current);
  });
  const finalWatermark = current;
  const rows = [...groups.values()].filter((g) => g.start + WINDOW_MS <= finalWatermark).map((g) => outputRowText({
    product: g.product, region: g.region,
    window: { start: new Date(g.start).toISOString(), end: new Date(g.start + WINDOW_MS).toISOString() },
    total: g.total, n: g.n,
  }));
  return { rows: rows.sort(), lateRows };
}

export interface ChildPaths {
  readonly mode: 'json' | 'foreachBatch';
  readonly input: string;
  readonly out: string;
  readonly checkpoint: string;
  readonly trace: string;
  readonly extraArgs?: readonly string[];
}

export interface ChildRun {
  /** Killed by our SIGKILL before it wrote `done`. */
  readonly killed: boolean;
  /** Wrote `done` (processed all input). */
  readonly finished: boolean;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** Spawn → the child's `start` line (ms), when it got there. */
  readonly startupMs: number | null;
  /** Spawn → exit (ms). */
  readonly elapsedMs: number;
  /** Atomic writes (renames) the child completed. */
  readonly writes: number;
}

/**
 * When to SIGKILL the child: `afterSpawnMs` after it was spawned, or `jitterMs` after it completed its `afterWrites`-th
 * write (it announces each on stdout), whichever comes first. Counting writes ties kills to the child's progress, so a
 * loaded machine moves kills in time but never lets the child finish early.
 */
export interface KillAt {
  readonly afterSpawnMs?: number;
  readonly afterWrites?: number;
  readonly jitterMs: number;
}

/** Runs the child (node --import tsx), SIGKILLing it at `killAt` when it is still running then. */
export function runChild(paths: ChildPaths, killAt: KillAt | null): Promise<ChildRun> {
  const args = ['--import', 'tsx', CHILD, '--mode', paths.mode, '--input', paths.input, '--out', paths.out,
    '--checkpoint', paths.checkpoint, '--trace', paths.trace, ...(paths.extraArgs ?? [])];
  mkdirSync(dirname(paths.trace), { recursive: true });
  mkdirSync(paths.out, { recursive: true });
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let startupMs: number | null = null;
  let writes = 0;
  const timers: NodeJS.Timeout[] = [];
  let killSent = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      killSent = true;
      child.kill('SIGKILL');
    }
  };
  if (killAt?.afterSpawnMs !== undefined) timers.push(setTimeout(kill, killAt.afterSpawnMs));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    stdout = lines.pop()!;
    for (const line of lines) {
      if (line === 'start' && startupMs === null) startupMs = performance.now() - t0;
      if (line === 'write' && ++writes === killAt?.afterWrites) timers.push(setTimeout(kill, killAt.jitterMs));
    }
  });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      timers.forEach(clearTimeout);
      const finished = existsSync(join(paths.out, 'done'));
      resolveRun({
        killed: killSent && signal === 'SIGKILL' && !finished, finished, exitCode, signal, stderr, startupMs,
        elapsedMs: performance.now() - t0, writes,
      });
    });
  });
}

/** Where the trace says a kill landed: after the last completed write since line `fromLine`, or during start-up. */
export function killPoint(tracePath: string, fromLine: number): string {
  const lines = existsSync(tracePath) ? readFileSync(tracePath, 'utf8').split('\n').filter((l) => l !== '') : [];
  const mine = lines.slice(fromLine);
  if (!mine.some((l) => l.includes(' start '))) return 'startup (module loading)';
  const last = mine[mine.length - 1]!;
  if (last.includes(' start ')) return 'after start, before the first write';
  const path = last.slice(last.indexOf(' rename ') + 8);
  return `after ${writeKind(path)}`;
}

/** Per kind of write, how many times the child killed itself just before it (`--kill-before-rename`). */
export function selfKillPoints(tracePath: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(tracePath, 'utf8').split('\n')) {
    const at = line.indexOf(' kill-before ');
    if (at < 0) continue;
    const kind = `before ${writeKind(line.slice(at + 13))}`;
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

/** Self-kills that landed between a json sink batch's data file and its manifest (the file renamed, the manifest not). */
export function killsBetweenDataFileAndManifest(tracePath: string): number[] {
  const lines = readFileSync(tracePath, 'utf8').split('\n');
  const batches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const manifest = / kill-before .*\/_brook_metadata\/(\d+)$/.exec(lines[i]!);
    const part = / rename .*\/part-(\d+)-0\.json$/.exec(lines[i - 1]!);
    if (manifest && part && Number(part[1]) === Number(manifest[1])) batches.push(Number(manifest[1]));
  }
  return batches;
}

function writeKind(path: string): string {
  if (/\/_brook_metadata\/\d+$/.test(path)) return 'sink manifest';
  if (/\/part-\d+-\d+\.json$/.test(path)) return 'sink data file';
  if (/\/batches\/\d+\.json$/.test(path)) return 'foreachBatch file';
  if (/\/state\/\d+\/\d+\.delta$/.test(path)) return 'state delta';
  if (/\/state\/\d+\/\d+\.snapshot$/.test(path)) return 'state snapshot';
  if (/\/offsets\/\d+$/.test(path)) return 'offsets/N';
  if (/\/commits\/\d+$/.test(path)) return 'commits/N';
  if (/\/sources\/\d+\/\d+$/.test(path)) return 'sources/i/N';
  if (/\/metadata$/.test(path)) return 'metadata';
  return path;
}

/** Lines in the trace so far. */
export function traceLength(tracePath: string): number {
  return existsSync(tracePath) ? readFileSync(tracePath, 'utf8').split('\n').filter((l) => l !== '').length : 0;
}
