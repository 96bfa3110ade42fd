// INTERVAL literals and TIMESTAMP/DATE ± INTERVAL: resolution, SQL text, kernels and type errors (Spark 3.5 day-time intervals).
import { describe, expect, it } from 'vitest';
import { DateType, LongType, StringType, TimestampType } from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import type { BrookError } from '../../src/common/errors.js';
import { valueAt, vectorFromValues } from '../../src/compute/column-vector.js';
import { compileExpression, evaluateConstant } from '../../src/compute/compile-expression.js';
import type { KernelContext } from '../../src/compute/kernel-registry.js';
import { resolveExpression } from '../../src/planner/analyzer/resolve-expression.js';
import type { BoundExpr } from '../../src/planner/expr/bound-expression.js';
import { intervalSql, parseInterval } from '../../src/planner/expr/functions/interval-functions.js';
import { renderExpression } from '../../src/planner/expr/render-expression.js';
import type { Attribute } from '../../src/planner/logical/plan.js';
import { parseExpression } from '../../src/sql/expression-parser.js';
import { errorOf } from '../support/errors.js';

const kctx: KernelContext = { timeZone: 'UTC', batchTimestampMs: () => 0 };

const columns: { name: string; type: DataType; values: unknown[] }[] = [
  { name: 'ts', type: TimestampType, values: ['2024-01-01T00:00:00Z', null, '2024-02-29T23:59:55Z'] },
  { name: 'n', type: LongType, values: [1, 2, 3] },
  { name: 'd', type: DateType, values: ['2024-01-31', '2024-02-28', null] },
  { name: 's', type: StringType, values: ['a', 'b', 'c'] },
];
const attrs: Attribute[] = columns.map((c) => ({ name: c.name, dataType: c.type, nullable: true }));

function bind(sql: string): BoundExpr {
  return resolveExpression(parseExpression(sql), { input: attrs, timeZone: 'UTC' });
}

function evaluate(sql: string): unknown[] {
  const bound = bind(sql);
  const batch = { numRows: 3, columns: columns.map((c) => vectorFromValues(c.type, c.values)) };
  const out = compileExpression(bound, kctx)(batch);
  return [0, 1, 2].map((i) => valueAt(out, i));
}

/** The first line of a user error's message (a SQL error goes on with the text and a caret under the span). */
function firstLine(e: BrookError): string {
  return e.message.split('\n')[0]!;
}

describe('interval literals', () => {
  it('resolve to a BIGINT constant of microseconds with the fields they were written with', () => {
    const bound = bind('INTERVAL 1 MINUTE');
    expect(bound.dataType).toEqual(LongType);
    expect(bound.kind === 'call' && bound.options).toEqual({ intervalMicros: 60_000_000, startField: 'MINUTE', endField: 'MINUTE' });
    expect(evaluateConstant(bound, kctx)).toBe(60_000_000);
  });

  it('parse every day-time unit', () => {
    expect(parseInterval('10 seconds')).toEqual({ micros: 10_000_000, startField: 'SECOND', endField: 'SECOND' });
    expect(parseInterval('1 day 2 hours')).toEqual({ micros: 93_600_000_000, startField: 'DAY', endField: 'HOUR' });
    expect(parseInterval('-5 minutes')).toEqual({ micros: -300_000_000, startField: 'MINUTE', endField: 'MINUTE' });
    expect(parseInterval('1 week')).toEqual({ micros: 604_800_000_000, startField: 'DAY', endField: 'DAY' });
    expect(parseInterval('250 milliseconds 7 microseconds')).toEqual({ micros: 250_007, startField: 'SECOND', endField: 'SECOND' });
  });

  it('render like Spark names them', () => {
    expect(renderExpression(bind('INTERVAL 1 MINUTE'))).toBe("INTERVAL '01' MINUTE");
    expect(renderExpression(bind("INTERVAL '10' SECOND"))).toBe("INTERVAL '10' SECOND");
    expect(renderExpression(bind('INTERVAL 5 SECONDS'))).toBe("INTERVAL '05' SECOND");
    expect(renderExpression(bind('INTERVAL 1 DAY 2 HOURS'))).toBe("INTERVAL '1 02' DAY TO HOUR");
    expect(renderExpression(bind('INTERVAL -90 MINUTES'))).toBe("INTERVAL '-90' MINUTE");
    expect(intervalSql({ micros: 3_723_500_000, startField: 'HOUR', endField: 'SECOND' })).toBe("INTERVAL '01:02:03.5' HOUR TO SECOND");
    expect(renderExpression(bind('ts + INTERVAL 1 MINUTE'))).toBe("(ts + INTERVAL '01' MINUTE)");
  });

  it('reject months and years, unknown units and non-constant text', () => {
    const months = errorOf(() => bind('INTERVAL 1 MONTH'));
    expect(months.code).toBe('UNSUPPORTED_INTERVAL');
    expect(firstLine(months)).toBe("The interval '1 month' uses month: intervals of months or years are not supported (line 1, column 1)");
    expect(firstLine(errorOf(() => parseInterval('3 fortnights')))).toBe("Invalid interval '3 fortnights': unknown unit 'fortnights'");
    expect(firstLine(errorOf(() => bind('interval(s)')))).toBe("An INTERVAL must be a constant such as INTERVAL 1 MINUTE or INTERVAL '10' SECOND (line 1, column 1)");
  });
});

describe('TIMESTAMP ± INTERVAL', () => {
  it('ts + INTERVAL 1 MINUTE is a TIMESTAMP a minute later (null stays null)', () => {
    expect(bind('ts + INTERVAL 1 MINUTE').dataType).toEqual(TimestampType);
    expect(evaluate('ts + INTERVAL 1 MINUTE')).toEqual([new Date('2024-01-01T00:01:00Z'), null, new Date('2024-03-01T00:00:55Z')]);
  });

  it("ts - INTERVAL '10' SECOND and INTERVAL + ts", () => {
    expect(evaluate("ts - INTERVAL '10' SECOND")).toEqual([new Date('2023-12-31T23:59:50Z'), null, new Date('2024-02-29T23:59:45Z')]);
    expect(evaluate('INTERVAL 1 DAY 2 HOURS + ts')).toEqual([new Date('2024-01-02T02:00:00Z'), null, new Date('2024-03-02T01:59:55Z')]);
  });

  it('DATE + a whole-day interval stays a DATE; other intervals make a TIMESTAMP', () => {
    expect(bind('d + INTERVAL 1 DAY').dataType).toEqual(DateType);
    expect(evaluate('d + INTERVAL 1 DAY')).toEqual(['2024-02-01', '2024-02-29', null]);
    expect(evaluate('d - INTERVAL 1 WEEK')).toEqual(['2024-01-24', '2024-02-21', null]);
    expect(bind('d + INTERVAL 12 HOURS').dataType).toEqual(TimestampType);
    expect(evaluate('d + INTERVAL 12 HOURS')).toEqual([new Date('2024-01-31T12:00:00Z'), new Date('2024-02-28T12:00:00Z'), null]);
  });

  it('works in a comparison, as join range conditions use it', () => {
    expect(evaluate("ts <= TIMESTAMP '2024-01-01 00:00:30' + INTERVAL 1 MINUTE")).toEqual([true, null, false]);
  });

  it('BIGINT + INTERVAL is a type error naming both types', () => {
    const error = errorOf(() => bind('n + INTERVAL 1 MINUTE'));
    expect(error.code).toBe('DATATYPE_MISMATCH');
    expect(firstLine(error)).toBe(
      "Cannot resolve '(n + INTERVAL '01' MINUTE)' due to data type mismatch: the left and right operands of the binary operator have incompatible types (\"BIGINT\" and \"INTERVAL MINUTE\") (line 1, column 1)",
    );
  });

  it('INTERVAL - TIMESTAMP, STRING + INTERVAL and INTERVAL * 2 are type errors', () => {
    expect(firstLine(errorOf(() => bind("INTERVAL '10' SECOND - ts")))).toBe(
      "Cannot resolve '(INTERVAL '10' SECOND - ts)' due to data type mismatch: the left and right operands of the binary operator have incompatible types (\"INTERVAL SECOND\" and \"TIMESTAMP\") (line 1, column 1)",
    );
    expect(firstLine(errorOf(() => bind('s + INTERVAL 1 DAY')))).toBe(
      "Cannot resolve '(s + INTERVAL '1' DAY)' due to data type mismatch: the left and right operands of the binary operator have incompatible types (\"STRING\" and \"INTERVAL DAY\") (line 1, column 1)",
    );
    expect(firstLine(errorOf(() => bind('INTERVAL 1 HOUR * 2')))).toBe(
      "Cannot resolve '(INTERVAL '01' HOUR * 2)' due to data type mismatch: the left and right operands of the binary operator have incompatible types (\"INTERVAL HOUR\" and \"INT\") (line 1, column 1)",
    );
  });

  it('leaves plain arithmetic alone', () => {
    expect(evaluate('n + 1')).toEqual([2, 3, 4]);
    expect(evaluate('n - 1')).toEqual([0, 1, 2]);
  });
});
