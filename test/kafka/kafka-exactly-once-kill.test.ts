// Acceptance, exactly-once: a Kafka → Kafka windowed aggregation with the transactional sink is SIGKILLed at random moments and restarted; a read_committed consumer finds every expected record exactly once.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapServers, createTopic, produce, readAll, uniqueTopic } from './kafka-test-support.js';

const CHILD = join(import.meta.dirname, 'kafka-eos-child.ts');
const REPO_ROOT = join(import.meta.dirname, '..', '..');
const BASE = 1_700_000_000; // epoch seconds, a multiple of 10
const EVENTS = 1200;
const KILLS = 10;

/** Runs the child; SIGKILLs it `killAfterMs` after it printed `start` (undefined: lets it finish). Resolves true when it finished. */
function runChild(args: readonly string[], killAfterMs: number | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (killAfterMs !== undefined && timer === undefined && out.includes('start')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(false);
      else if (code === 0 && out.includes('done')) resolve(true);
      else reject(new Error(`kafka-eos-child exited with ${code ?? signal}: ${err}`));
    });
  });
}

/** The records the query must write: one per closed 10-second window and key. */
function expectedRecords(): string[] {
  const windows = new Map<string, { start: number; k: string; n: number; total: number }>();
  for (let i = 0; i < EVENTS; i++) {
    const t = BASE + i;
    const k = `k${i % 3}`;
    const start = Math.floor(t / 10) * 10;
    const w = windows.get(`${start}/${k}`) ?? { start, k, n: 0, total: 0 };
    windows.set(`${start}/${k}`, { ...w, n: w.n + 1, total: w.total + t });
  }
  return [...windows.values()].map((w) => JSON.stringify({ start: new Date(w.start * 1000).toISOString(), k: w.k, n: w.n, total: w.total }));
}

describe('exactly-once Kafka sink under SIGKILL', () => {
  it(`finds every windowed record exactly once after ${KILLS} kills and restarts`, { timeout: 300_000 }, async () => {
    const [input, output] = [uniqueTopic('eos-in'), uniqueTopic('eos-out')];
    await createTopic(input, 1);
    await createTopic(output, 2);
    // all events, then one far in the future whose watermark closes every window of the real events
    await produce(input, Array.from({ length: EVENTS }, (_, i) => ({ value: JSON.stringify({ k: `k${i % 3}`, t: BASE + i }) })));
    await produce(input, [{ value: JSON.stringify({ k: 'end', t: BASE + 100_000 }) }]);
    const checkpoint = mkdtempSync(join(tmpdir(), 'brook-kafka-eos-'));
    const args = ['--bootstrap', bootstrapServers(), '--input', input, '--output', output, '--checkpoint', checkpoint, '--write-delay-ms', '25'];
    let kills = 0;
    let finished = false;
    for (let attempt = 0; attempt < 40 && !finished; attempt++) {
      const killAfterMs = kills < KILLS ? 100 + Math.floor(Math.random() * 1100) : undefined;
      finished = await runChild(args, killAfterMs);
      if (!finished) kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(finished).toBe(true);
    const expected = expectedRecords().sort();
    const values = (await readAll(output, expected.length, 60_000)).map((r) => r.value!);
    const parsed = values.map((v) => JSON.parse(v) as { start: string; k: string; n: number; total: number })
      .map((v) => JSON.stringify({ start: new Date(v.start).toISOString(), k: v.k, n: v.n, total: v.total }));
    expect(parsed.length).toBe(expected.length);
    expect(parsed.sort()).toEqual(expected);
  });
});
