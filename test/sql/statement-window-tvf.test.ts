// Tests for the rewrite of window table functions into window(...) / session_window(...) grouping keys.
import { describe, expect, it } from 'vitest';
import { BrookError } from '../../src/common/errors.js';
import { alias, call, columnRef, extract, literal } from '../../src/planner/expr/expression.js';
import type { Expr } from '../../src/planner/expr/expression.js';
import { plainMessage } from '../../src/sql/error-spans.js';
import { parseQuery } from '../../src/sql/query-parser.js';
import { rewriteWindowTvf } from '../../src/sql/window-tvf-rewrite.js';

function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (!/span$/i.test(key)) out[key] = withoutSpans(v);
    return out;
  }
  return value;
}

const interval = (text: string) => call('interval', [literal(text)]);
const windowOf = (...args: Expr[]) => alias(call('window', [columnRef('ts'), ...args]), 'window');
const start = extract(columnRef('window'), literal('start'));
const end = extract(columnRef('window'), literal('end'));

function rewrite(text: string) {
  return withoutSpans(rewriteWindowTvf(parseQuery(text)));
}

function failure(text: string): string {
  try {
    rewriteWindowTvf(parseQuery(text));
  } catch (error) {
    if (error instanceof BrookError) return `${plainMessage(error)} @${error.span?.line}:${error.span?.column}`;
    throw error;
  }
  throw new Error('expected a BrookError');
}

describe('rewriteWindowTvf', () => {
  it('turns TUMBLE into GROUP BY window(ts, size) AS window, in the place of the first window key', () => {
    expect(rewrite("SELECT k, window_start, window_end, count(*) AS n FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY k, window_start, window_end ORDER BY window_start")).toMatchObject({
      from: { kind: 'table', name: 't' },
      select: withoutSpans([columnRef('k'), alias(start, 'window_start'), alias(end, 'window_end'), alias(call('count', [{ kind: 'star', qualifier: [] }]), 'n')]),
      groupBy: withoutSpans([columnRef('k'), windowOf(interval('1 minute'))]),
      orderBy: [{ kind: 'sortOrder', child: withoutSpans(start), ascending: true }],
    });
  });

  it('passes offsets: TUMBLE(size, offset) and HOP(slide, size, offset) put size before slide as window() does', () => {
    expect(rewrite("SELECT window_start FROM TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTE, INTERVAL '2' MINUTE) GROUP BY window_start, window_end")).toMatchObject({
      groupBy: withoutSpans([windowOf(interval('10 minutes'), interval('10 minutes'), interval('2 minutes'))]),
    });
    expect(rewrite("SELECT window_start FROM HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '1' MINUTE, INTERVAL '1' SECOND) GROUP BY window_start, window_end")).toMatchObject({
      groupBy: withoutSpans([windowOf(interval('1 minute'), interval('5 seconds'), interval('1 second'))]),
    });
  });

  it('turns SESSION into session_window, window_time into window_time(window), and qualified names with the alias', () => {
    expect(rewrite("SELECT w.k, w.window_time, sum(x) FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) AS w GROUP BY w.k, w.window_start, w.window_end HAVING max(w.window_end) > 0")).toMatchObject({
      from: { kind: 'table', name: 't', alias: 'w' },
      select: withoutSpans([columnRef('w.k'), alias(call('window_time', [columnRef('window')]), 'window_time'), call('sum', [columnRef('x')])]),
      groupBy: withoutSpans([columnRef('w.k'), alias(call('session_window', [columnRef('ts'), interval('5 minutes')]), 'window')]),
      having: withoutSpans(call('gt', [call('max', [end]), literal(0)])),
    });
  });

  it('leaves other queries alone', () => {
    const q = parseQuery('SELECT a FROM t GROUP BY a');
    expect(rewriteWindowTvf(q)).toBe(q);
  });

  it('refuses what it cannot run the Flink way', () => {
    expect(failure("SELECT k FROM TABLE(SESSION(TABLE t, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) GROUP BY k, window_start, window_end"))
      .toBe('SESSION windows are kept per GROUP BY key: PARTITION BY must list the other GROUP BY columns (k) @1:15');
    expect(failure("SELECT count(*) FROM HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '1' MINUTE) GROUP BY k"))
      .toBe('HOP(...) must be grouped by its window: add GROUP BY window_start, window_end @1:22');
  });
});
