// queries/sums-per-2-seconds.sql end to end over the rate source: the sum of `value % 10` per 2-second window.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session, runSqlScript } from '../../src/index.js';
import { rowTimeMs } from '../../src/sources/rate/rate-source.js';

const TEXT = readFileSync(new URL('../../queries/sums-per-2-seconds.sql', import.meta.url), 'utf8');
const RATE = 50;

describe('queries/sums-per-2-seconds.sql', () => {
  it('sums the numbers of each 2-second window (update mode: the last row of a window is its total)', async () => {
    const session = Session.builder().appName('sums-test').getOrCreate();
    const result = await runSqlScript(session, TEXT, { env: {}, variables: { ROWS_PER_SECOND: String(RATE), SINK: 'memory' }, trigger: { processingTime: '200 milliseconds' } });
    const query = result.queries[0]!.query!;
    expect(result.queries[0]!.outputMode).toBe('update');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await query.processAllAvailable();
    await query.stop();
    // the rows the rate source produced: row i at startMs + i / RATE seconds, value i (from the last logged offset)
    const offset = JSON.parse(query.lastProgress!.sources[0]!.endOffset!) as { startMs: number; rows: number };
    expect(offset.rows).toBeGreaterThan(RATE);
    const expected = new Map<number, { total: number; numbers: number }>();
    for (let i = 0; i < offset.rows; i++) {
      const start = Math.floor((offset.startMs + rowTimeMs(i, RATE, 0)) / 2000) * 2000;
      const w = expected.get(start) ?? { total: 0, numbers: 0 };
      w.total += i % 10;
      w.numbers += 1;
      expected.set(start, w);
    }
    const last = new Map<number, Record<string, unknown>>();
    for (const row of await session.table('sums').collect()) last.set((row.window_start as Date).getTime(), row);
    expect([...last.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [start, w] of expected) {
      expect(last.get(start)).toEqual({ window_start: new Date(start), window_end: new Date(start + 2000), total: w.total, numbers: w.numbers });
    }
    await session.stop();
  });
});
