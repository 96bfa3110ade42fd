// Tests for the script parser: statement kinds, CREATE TABLE columns/options/watermarks, views, INSERT hints, SET, EXPLAIN, window TVFs.
import { describe, expect, it } from 'vitest';
import { ArrayTypeOf, DecimalType, IntegerType, StringType, StructField, StructType, TimestampType } from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { call, columnRef, literal } from '../../src/planner/expr/expression.js';
import { plainMessage } from '../../src/sql/error-spans.js';
import { parseScript } from '../../src/sql/statement-parser.js';
import type { CreateTableStatement, CreateViewStatement, ExplainStatement, InsertStatement, SetStatement, Statement } from '../../src/sql/statement-parser.js';

/** A deep copy without `span` keys (DataType class instances are kept as they are). */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (!/span$/i.test(key)) out[key] = withoutSpans(v);
    return out;
  }
  return value;
}

function one<T extends Statement>(text: string): T {
  const statements = parseScript(text);
  expect(statements).toHaveLength(1);
  return statements[0] as T;
}

function failure(text: string): BrookError {
  try {
    parseScript(text);
  } catch (error) {
    if (error instanceof BrookError) return error;
    throw error;
  }
  throw new Error('expected a BrookError');
}

const where = (e: BrookError) => `${plainMessage(e)} @${e.span?.line}:${e.span?.column}`;

describe('parseScript', () => {
  it('splits statements on ; outside strings and comments, and skips empty statements', () => {
    const statements = parseScript(`
      -- a comment; with a semicolon
      SET 'a' = 'x;y';;
      /* block; comment */ RESET 'a';
      SELECT ';' AS s FROM t`);
    expect(statements.map((s) => s.kind)).toEqual(['set', 'reset', 'select']);
    expect((statements[0] as SetStatement).value).toBe('x;y');
  });

  it('gives an empty list for a script of comments', () => {
    expect(parseScript('-- nothing\n/* here */ ;')).toEqual([]);
  });

  it('parses CREATE TABLE with typed, metadata and computed columns, a watermark and options', () => {
    const table = one<CreateTableStatement>(`CREATE TABLE IF NOT EXISTS sales (
      event_id STRING COMMENT 'the id',
      price DECIMAL(10, 2),
      tags ARRAY<STRUCT<name: STRING, n: INT>>,
      ts TIMESTAMP(3),
      kafka_ts TIMESTAMP METADATA FROM 'timestamp' VIRTUAL,
      \`partition\` INT METADATA,
      total AS price * 2,
      WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
    ) WITH ('connector' = 'kafka', kafka.bootstrap.servers = 'localhost:9092', 'maxOffsetsPerTrigger' = 100, 'x' = TRUE)`);
    expect(withoutSpans(table)).toEqual({
      kind: 'createTable', name: 'sales', orReplace: false, ifNotExists: true,
      columns: [
        { kind: 'physical', name: 'event_id', dataType: StringType },
        { kind: 'physical', name: 'price', dataType: DecimalType(10, 2) },
        { kind: 'physical', name: 'tags', dataType: ArrayTypeOf(new StructType([new StructField('name', StringType), new StructField('n', IntegerType)])) },
        { kind: 'physical', name: 'ts', dataType: TimestampType },
        { kind: 'metadata', name: 'kafka_ts', dataType: TimestampType, from: 'timestamp' },
        { kind: 'metadata', name: 'partition', dataType: IntegerType, from: 'partition' },
        { kind: 'computed', name: 'total', expr: withoutSpans(call('multiply', [columnRef('price'), literal(2)])) },
      ],
      watermark: { column: 'ts', delay: '5 seconds' },
      options: [
        { key: 'connector', value: 'kafka' }, { key: 'kafka.bootstrap.servers', value: 'localhost:9092' },
        { key: 'maxOffsetsPerTrigger', value: '100' }, { key: 'x', value: 'true' },
      ],
    });
  });

  it('keeps exact spans of names, option keys and values', () => {
    const table = one<CreateTableStatement>("CREATE TABLE t (a INT)\nWITH (\n  'connector' = 'rate'\n)");
    expect(table.nameSpan).toMatchObject({ line: 1, column: 14, endColumn: 15 });
    expect(table.withSpan).toMatchObject({ line: 2, column: 1, endColumn: 5 });
    expect(table.options[0]!.keySpan).toMatchObject({ line: 3, column: 3, endColumn: 14 });
    expect(table.options[0]!.valueSpan).toMatchObject({ line: 3, column: 17, endColumn: 23 });
    expect(table.columns[0]!.span).toMatchObject({ line: 1, column: 17, endColumn: 22 });
  });

  it('parses a table without columns, and the watermark forms', () => {
    expect(withoutSpans(one("CREATE TEMPORARY TABLE r WITH ('connector' = 'rate')"))).toMatchObject({ name: 'r', columns: [], options: [{ key: 'connector', value: 'rate' }] });
    const bare = one<CreateTableStatement>("CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH ('connector' = 'memory')");
    expect(bare.watermark?.delay).toBe('0 seconds');
    const days = one<CreateTableStatement>("CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL 1 DAY 2 HOURS) WITH ('connector' = 'memory')");
    expect(days.watermark?.delay).toBe('1 day 2 hours');
  });

  it('parses CREATE VIEW with renamed columns and a watermark', () => {
    const view = one<CreateViewStatement>('CREATE OR REPLACE TEMP VIEW v (id COMMENT \'x\', at, WATERMARK FOR at AS at - INTERVAL \'1\' MINUTE) AS SELECT a, b FROM t');
    expect(withoutSpans(view)).toMatchObject({
      kind: 'createView', name: 'v', orReplace: true, ifNotExists: false,
      columnNames: [{ name: 'id' }, { name: 'at' }],
      watermark: { column: 'at', delay: '1 minute' },
      query: { select: [{ kind: 'column', nameParts: ['a'] }, { kind: 'column', nameParts: ['b'] }], from: { kind: 'table', name: 't' } },
    });
  });

  it('parses INSERT INTO with OPTIONS hints (several, any case) and parenthesized queries', () => {
    const insert = one<InsertStatement>("INSERT INTO TABLE db.out /*+ OPTIONS('outputMode' = 'update'), options('trigger'='10 seconds') */ (SELECT a FROM t)");
    expect(insert.table).toBe('db.out');
    expect(insert.hints.map((h) => [h.key, h.value])).toEqual([['outputMode', 'update'], ['trigger', '10 seconds']]);
    expect(insert.hints[1]!.valueSpan).toMatchObject({ line: 1, column: 82, endColumn: 94 });
    expect(insert.query.select).toHaveLength(1);
    const plain = one<InsertStatement>('-- INSERT\nINSERT INTO out /* not a hint */ SELECT a FROM t');
    expect(plain.hints).toEqual([]);
    expect(plain.span).toMatchObject({ line: 2, column: 1 });
  });

  it('parses SET and RESET in Flink and Spark forms', () => {
    expect(withoutSpans(one("SET 'spark.sql.session.timeZone' = 'Europe/Paris'"))).toEqual({ kind: 'set', key: 'spark.sql.session.timeZone', value: 'Europe/Paris' });
    expect(withoutSpans(one('SET spark.sql.shuffle.partitions = 4'))).toEqual({ kind: 'set', key: 'spark.sql.shuffle.partitions', value: '4' });
    expect(withoutSpans(one('SET table.local-time-zone = Asia/Shanghai'))).toEqual({ kind: 'set', key: 'table.local-time-zone', value: 'Asia/Shanghai' });
    expect(withoutSpans(one('SET'))).toEqual({ kind: 'set' });
    expect(withoutSpans(one("RESET 'a.b'"))).toEqual({ kind: 'reset', key: 'a.b' });
    expect(withoutSpans(one('RESET'))).toEqual({ kind: 'reset' });
  });

  it('parses EXPLAIN [VERBOSE | EXTENDED] over SELECT and INSERT', () => {
    const select = one<ExplainStatement>('EXPLAIN SELECT a FROM t');
    expect([select.verbose, select.target.kind]).toEqual([false, 'select']);
    const insert = one<ExplainStatement>('EXPLAIN VERBOSE INSERT INTO out SELECT a FROM t');
    expect([insert.verbose, insert.target.kind]).toEqual([true, 'insert']);
    expect(one<ExplainStatement>('explain extended select a from t').verbose).toBe(true);
  });

  it('parses window table functions, with and without TABLE(...), with an alias', () => {
    const insert = one<InsertStatement>(`INSERT INTO out SELECT * FROM TABLE(
      HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE)) AS w`);
    expect(withoutSpans(insert.query.from)).toEqual({
      kind: 'windowTvf', window: 'hop', table: 'bids', partitionBy: [], timeColumn: 'ts', alias: 'w',
      sizes: withoutSpans([call('interval', [literal('10 seconds')]), call('interval', [literal('1 minute')])]),
    });
    const session = one<InsertStatement>("INSERT INTO out SELECT * FROM SESSION(TABLE bids PARTITION BY bidder, auction, DESCRIPTOR(ts), INTERVAL '5' MINUTES)");
    expect(withoutSpans(session.query.from)).toMatchObject({ window: 'session', partitionBy: ['bidder', 'auction'], timeColumn: 'ts' });
  });

  it('reports syntax errors and unsupported statements at their token', () => {
    expect(where(failure('CREATE TABLE t (a INT, b) WITH ()'))).toBe("Syntax error at or near ')': expected a data type @1:25");
    expect(where(failure("CREATE TABLE t WITH ('connector')"))).toBe("Syntax error at or near ')': expected '=' @1:33");
    expect(where(failure("CREATE TABLE t (a INT) WITH ('connector' = rate)"))).toBe("Syntax error at or near 'rate': expected an option value in quotes, e.g. 'json' @1:44");
    expect(where(failure('DROP TABLE t'))).toBe('The DROP statement is not supported @1:1');
    expect(where(failure('INSERT OVERWRITE out SELECT a FROM t'))).toBe('INSERT OVERWRITE is not supported @1:8');
    expect(where(failure("CREATE TABLE t AS SELECT a FROM u"))).toBe('CREATE TABLE ... AS SELECT is not supported @1:16');
    expect(where(failure("INSERT INTO out SELECT * FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))"))).toBe('The CUMULATE window function is not supported @1:37');
    expect(where(failure('INSERT INTO out SELECT * FROM TABLE(range(10))'))).toBe("The table-valued function 'range' is not supported @1:37");
    expect(where(failure("INSERT INTO out /*+ HINT('a' = 'b') */ SELECT a FROM t"))).toBe("Syntax error at or near 'HINT': expected OPTIONS('key' = 'value', ...) in the hint @1:21");
    expect(where(failure('CREATE TABLE t (a INT, a STRING) WITH (\'connector\' = \'memory\')'))).toBe("Column 'a' is declared twice @1:24");
  });
});
