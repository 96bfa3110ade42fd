// Acceptance: processingTime triggers report one progress per batch and stop gracefully; availableNow drains and ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/index.js';
import type { QueryTerminatedEvent, StreamingQueryProgress } from '../../src/index.js';

const session = Session.builder().appName('trigger-test').getOrCreate();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('triggers', () => {
  it('runs a 1-second processingTime trigger on the rate source: one progress report per batch, graceful stop', async () => {
    const progress: StreamingQueryProgress[] = [];
    const terminated: QueryTerminatedEvent[] = [];
    const listener = {
      onQueryProgress: (e: { progress: StreamingQueryProgress }) => progress.push(e.progress),
      onQueryTerminated: (e: QueryTerminatedEvent) => terminated.push(e),
    };
    session.streams.addListener(listener);
    const query = await session.readStream.format('rate').option('rowsPerSecond', 50).load()
      .writeStream.format('memory').queryName('rate_rows').trigger({ processingTime: '1 second' }).start();
    await new Promise((r) => setTimeout(r, 3500));
    await query.stop();
    session.streams.removeListener(listener);

    expect(query.isActive).toBe(false);
    expect(terminated).toEqual([{ id: query.id, runId: query.runId, exception: null }]);
    // the first trigger finds the source empty or with a few rows; then one batch per second
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(4);
    expect(progress).toEqual(query.recentProgress);
    expect(progress.map((p) => p.batchId)).toEqual(progress.map((_, i) => i));
    const starts = progress.map((p) => Date.parse(p.timestamp));
    for (let i = 1; i < starts.length; i++) {
      // batches start on the 1-second grid, never faster
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(950);
    }
    const rows = await session.table('rate_rows').collect();
    expect(rows.length).toBe(progress.reduce((n, p) => n + p.numInputRows, 0));
    expect(rows.map((r) => r.value)).toEqual(rows.map((_, i) => i));
    expect(progress[0]!.sources[0]!.description).toContain('Rate');
    expect(progress.at(-1)!.sink.numOutputRows).toBe(progress.at(-1)!.numInputRows);
  });

  it('processes every file with availableNow and terminates by itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brook-available-now-'));
    dirs.push(dir);
    for (let f = 0; f < 3; f++) {
      writeFileSync(join(dir, `part-${f}.json`), [1, 2].map((k) => JSON.stringify({ id: f * 10 + k, name: `n${f}${k}` })).join('\n') + '\n');
    }
    const query = await session.readStream.format('json').schema('id INT, name STRING').option('maxFilesPerTrigger', 1).load(dir)
      .writeStream.format('memory').queryName('files_available_now').trigger({ availableNow: true }).start();
    expect(await query.awaitTermination(20_000)).toBe(true);
    expect(query.isActive).toBe(false);
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([2, 2, 2]);
    const rows = await session.table('files_available_now').collect();
    expect(rows.sort((a, b) => (a.id as number) - (b.id as number))).toEqual([
      { id: 1, name: 'n01' }, { id: 2, name: 'n02' }, { id: 11, name: 'n11' }, { id: 12, name: 'n12' }, { id: 21, name: 'n21' }, { id: 22, name: 'n22' },
    ]);
  });

  it('runs a single batch with the once trigger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brook-once-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a.json'), '{"id": 1}\n{"id": 2}\n');
    writeFileSync(join(dir, 'b.json'), '{"id": 3}\n');
    const query = await session.readStream.format('json').schema('id INT').option('maxFilesPerTrigger', 1).load(dir)
      .writeStream.format('memory').queryName('files_once').trigger({ once: true }).start();
    expect(await query.awaitTermination(20_000)).toBe(true);
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([2]);
  });
});
