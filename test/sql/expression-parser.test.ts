// Tests for the SQL expression parser: exact Expr trees for Spark SQL constructs, spans, and syntax error positions.
import { describe, expect, it } from 'vitest';
import {
  ArrayTypeOf, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapTypeOf, StringType, StructField,
  StructType, TimestampType,
} from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { alias, call, caseWhen, cast, columnRef, extract, literal, star } from '../../src/planner/expr/expression.js';
import type { Expr } from '../../src/planner/expr/expression.js';
import { parseExpression, parseSelectItem } from '../../src/sql/expression-parser.js';

/** A deep copy without `span` keys (DataType class instances are kept as they are). */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (key !== 'span') out[key] = withoutSpans(v);
    return out;
  }
  return value;
}

function expectExpr(text: string, expected: Expr): void {
  expect(withoutSpans(parseExpression(text))).toEqual(withoutSpans(expected));
}

function parseError(run: () => unknown): BrookError {
  try {
    run();
  } catch (error) {
    if (error instanceof BrookError) return error;
    throw error;
  }
  throw new Error('expected a BrookError');
}

const col = (name: string) => columnRef(name);
const fn = (name: string, ...args: Expr[]) => call(name, args);

describe('parseExpression: columns and literals', () => {
  it('parses plain, nested and backquoted column names keeping their case', () => {
    expectExpr('Price', col('Price'));
    expectExpr('a.b.c', { kind: 'column', nameParts: ['a', 'b', 'c'] });
    expectExpr('`my col`.`x.y`', { kind: 'column', nameParts: ['my col', 'x.y'] });
    expectExpr('`a``b`', { kind: 'column', nameParts: ['a`b'] });
  });

  it('parses stars as whole expressions', () => {
    expectExpr('*', star());
    expectExpr('data.*', star(['data']));
    expectExpr('t.`d x`.*', star(['t', 'd x']));
  });

  it('parses numbers: ints untyped, big integers BIGINT, suffixes, fractions as DOUBLE', () => {
    expectExpr('42', literal(42));
    expectExpr('-7', literal(-7));
    expectExpr('2147483648', literal(2147483648, LongType));
    expectExpr('-2147483648', literal(-2147483648));
    expectExpr('123L', literal(123, LongType));
    expectExpr('1.5', literal(1.5, DoubleType));
    expectExpr('.5', literal(0.5, DoubleType));
    expectExpr('a AND .5', fn('and', col('a'), literal(0.5, DoubleType)));
    expectExpr('2.0', literal(2, DoubleType));
    expectExpr('1e3', literal(1000, DoubleType));
    expectExpr('1.5D', literal(1.5, DoubleType));
    expectExpr('1.5F', literal(1.5, FloatType));
    expectExpr('12.50BD', literal(12.5, DecimalType(4, 2)));
    expectExpr('10S', literal(10, IntegerType));
    expectExpr('100000000000000000000', literal(1e20, DecimalType(21, 0)));
  });

  it('parses strings in single and double quotes with Spark escapes, concatenating adjacent literals', () => {
    expectExpr("'it\\'s'", literal("it's"));
    expectExpr('"double"', literal('double'));
    expectExpr("'a\\tb\\n'", literal('a\tb\n'));
    expectExpr("'\\u0041\\101'", literal('AA'));
    expectExpr("'100\\%'", literal('100\\%'));
    expectExpr("'ab' 'cd'", literal('abcd'));
    expectExpr("r'\\d+'", literal('\\d+'));
  });

  it('parses TRUE, FALSE and NULL', () => {
    expectExpr('TRUE', literal(true));
    expectExpr('false', literal(false));
    expectExpr('NULL', literal(null));
  });

  it('parses DATE and TIMESTAMP literals as casts of strings', () => {
    expectExpr("DATE '2024-01-01'", cast(literal('2024-01-01'), DateType));
    expectExpr("TIMESTAMP '2024-01-01 10:00:00'", cast(literal('2024-01-01 10:00:00'), TimestampType));
    // Without a following string these are column names.
    expectExpr('timestamp', col('timestamp'));
    expectExpr('date(ts)', fn('date', col('ts')));
  });

  it('parses intervals into call(interval, [text])', () => {
    expectExpr("INTERVAL '10' SECOND", fn('interval', literal('10 seconds')));
    expectExpr('INTERVAL 10 SECONDS', fn('interval', literal('10 seconds')));
    expectExpr('INTERVAL 1 MINUTE', fn('interval', literal('1 minute')));
    expectExpr('INTERVAL 1 DAY 2 HOURS', fn('interval', literal('1 day 2 hours')));
    expectExpr("INTERVAL '1 hour 30 minutes'", fn('interval', literal('1 hour 30 minutes')));
    expectExpr('INTERVAL -5 MINUTES', fn('interval', literal('-5 minutes')));
    expectExpr('ts - INTERVAL 10 MINUTES', fn('subtract', col('ts'), fn('interval', literal('10 minutes'))));
    expectExpr('interval - 1', fn('subtract', col('interval'), literal(1)));
  });
});

describe('parseExpression: operators', () => {
  it('maps arithmetic with precedence and left associativity', () => {
    expectExpr('price * quantity', fn('multiply', col('price'), col('quantity')));
    expectExpr('a + b * c', fn('add', col('a'), fn('multiply', col('b'), col('c'))));
    expectExpr('(a + b) * c', fn('multiply', fn('add', col('a'), col('b')), col('c')));
    expectExpr('a - b - c', fn('subtract', fn('subtract', col('a'), col('b')), col('c')));
    expectExpr('a / b % 3', fn('mod', fn('divide', col('a'), col('b')), literal(3)));
    expectExpr('a DIV 2', fn('div', col('a'), literal(2)));
    expectExpr("a || '-' || b", fn('concat', fn('concat', col('a'), literal('-')), col('b')));
  });

  it('maps unary minus, plus and bitwise operators', () => {
    expectExpr('-x', fn('negative', col('x')));
    expectExpr('-x * y', fn('multiply', fn('negative', col('x')), col('y')));
    expectExpr('a - -1', fn('subtract', col('a'), literal(-1)));
    expectExpr('+x', col('x'));
    expectExpr('~a & b | c ^ d', fn('bitwise_or', fn('bitwise_and', fn('bitwise_not', col('a')), col('b')), fn('bitwise_xor', col('c'), col('d'))));
  });

  it('maps comparisons', () => {
    expectExpr('a = 1', fn('equal', col('a'), literal(1)));
    expectExpr('a == 1', fn('equal', col('a'), literal(1)));
    expectExpr('a != 1', fn('not_equal', col('a'), literal(1)));
    expectExpr('a <> 1', fn('not_equal', col('a'), literal(1)));
    expectExpr('a < 1', fn('lt', col('a'), literal(1)));
    expectExpr('a <= 1', fn('le', col('a'), literal(1)));
    expectExpr('a > 1', fn('gt', col('a'), literal(1)));
    expectExpr('a >= 1', fn('ge', col('a'), literal(1)));
    expectExpr('a <=> b', fn('eq_null_safe', col('a'), col('b')));
    expectExpr('a + 1 > b * 2', fn('gt', fn('add', col('a'), literal(1)), fn('multiply', col('b'), literal(2))));
  });

  it('maps boolean logic: NOT binds tighter than AND, AND tighter than OR', () => {
    expectExpr('a OR b AND c', fn('or', col('a'), fn('and', col('b'), col('c'))));
    expectExpr('NOT a AND b', fn('and', fn('not', col('a')), col('b')));
    expectExpr('NOT a = 1', fn('not', fn('equal', col('a'), literal(1))));
    expectExpr('!flag', fn('not', col('flag')));
    expectExpr('a AND b AND c', fn('and', fn('and', col('a'), col('b')), col('c')));
  });

  it('maps predicates', () => {
    expectExpr('x IS NULL', fn('isnull', col('x')));
    expectExpr('x IS NOT NULL', fn('isnotnull', col('x')));
    expectExpr('x IN (1, 2)', fn('in', col('x'), literal(1), literal(2)));
    expectExpr("x NOT IN ('a')", fn('not', fn('in', col('x'), literal('a'))));
    expectExpr('x BETWEEN 1 AND 10', fn('and', fn('ge', col('x'), literal(1)), fn('le', col('x'), literal(10))));
    expectExpr('x NOT BETWEEN a AND b + 1', fn('not', fn('and', fn('ge', col('x'), col('a')), fn('le', col('x'), fn('add', col('b'), literal(1))))));
    expectExpr('x BETWEEN 1 AND 2 AND y', fn('and', fn('and', fn('ge', col('x'), literal(1)), fn('le', col('x'), literal(2))), col('y')));
    expectExpr("name LIKE 'a%'", fn('like', col('name'), literal('a%')));
    expectExpr("name NOT LIKE 'a%'", fn('not', fn('like', col('name'), literal('a%'))));
    expectExpr("name LIKE 'a!%' ESCAPE '!'", fn('like', col('name'), literal('a!%'), literal('!')));
    expectExpr("name ILIKE 'A%'", fn('ilike', col('name'), literal('A%')));
    expectExpr("name RLIKE '^a.*'", fn('rlike', col('name'), literal('^a.*')));
    expectExpr("name REGEXP 'x'", fn('rlike', col('name'), literal('x')));
    expectExpr("name NOT RLIKE 'x'", fn('not', fn('rlike', col('name'), literal('x'))));
    expectExpr('flag IS TRUE', fn('eq_null_safe', col('flag'), literal(true)));
    expectExpr('flag IS NOT FALSE', fn('not', fn('eq_null_safe', col('flag'), literal(false))));
    expectExpr('a IS DISTINCT FROM b', fn('not', fn('eq_null_safe', col('a'), col('b'))));
    expectExpr('a IS NOT DISTINCT FROM b', fn('eq_null_safe', col('a'), col('b')));
    expectExpr('a = b IS NULL', fn('isnull', fn('equal', col('a'), col('b'))));
  });
});

describe('parseExpression: functions, CASE, CAST, access', () => {
  it('parses function calls with lower-cased names, count(*) and DISTINCT', () => {
    expectExpr('UPPER(name)', fn('upper', col('name')));
    expectExpr("concat_ws(',', a, b)", fn('concat_ws', literal(','), col('a'), col('b')));
    expectExpr('count(*)', fn('count', star()));
    expectExpr('count(DISTINCT user_id)', call('count', [col('user_id')], { distinct: true }));
    expectExpr('now()', fn('now'));
    expectExpr("window(ts, '1 minute', '30 seconds')", fn('window', col('ts'), literal('1 minute'), literal('30 seconds')));
    expectExpr("map('k', 'v')", fn('map', literal('k'), literal('v')));
    expectExpr('array(1, 2)', fn('array', literal(1), literal(2)));
    expectExpr('struct(a, b)', fn('struct', col('a'), col('b')));
    expectExpr("named_struct('a', 1)", fn('named_struct', literal('a'), literal(1)));
    expectExpr('left(s, 2)', fn('left', col('s'), literal(2)));
    expectExpr('if(a > 0, 1, 0)', fn('if', fn('gt', col('a'), literal(0)), literal(1), literal(0)));
    expectExpr('current_timestamp', fn('current_timestamp'));
    expectExpr('EXTRACT(YEAR FROM ts)', fn('year', col('ts')));
  });

  it('parses searched and simple CASE', () => {
    expectExpr("CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END", caseWhen([
      { condition: fn('gt', col('a'), literal(0)), value: literal('pos') },
      { condition: fn('lt', col('a'), literal(0)), value: literal('neg') },
    ], literal('zero')));
    expectExpr('CASE x WHEN 1 THEN a END', caseWhen([{ condition: fn('equal', col('x'), literal(1)), value: col('a') }]));
  });

  it('parses CAST with simple, parameterised and nested types', () => {
    expectExpr('CAST(x AS INT)', cast(col('x'), IntegerType));
    expectExpr('cast(x as bigint)', cast(col('x'), LongType));
    expectExpr('CAST(x AS DECIMAL(10,2))', cast(col('x'), DecimalType(10, 2)));
    expectExpr('CAST(x AS ARRAY<STRING>)', cast(col('x'), ArrayTypeOf(StringType)));
    expectExpr('CAST(x AS MAP<STRING, INT>)', cast(col('x'), MapTypeOf(StringType, IntegerType)));
    expectExpr('CAST(x AS STRUCT<a: INT, b: ARRAY<STRING>>)', cast(col('x'), new StructType([
      new StructField('a', IntegerType), new StructField('b', ArrayTypeOf(StringType)),
    ])));
    expectExpr('TRY_CAST(s AS DOUBLE)', cast(col('s'), DoubleType));
    expectExpr("CAST('1' AS INT) + 1", fn('add', cast(literal('1'), IntegerType), literal(1)));
  });

  it('parses element and field access', () => {
    expectExpr('arr[0]', extract(col('arr'), literal(0)));
    expectExpr("m['key']", extract(col('m'), literal('key')));
    expectExpr('a.b[1].c', extract(extract({ kind: 'column', nameParts: ['a', 'b'] }, literal(1)), literal('c')));
    expectExpr('f(x).y', extract(fn('f', col('x')), literal('y')));
    expectExpr('arr[i + 1]', extract(col('arr'), fn('add', col('i'), literal(1))));
    expectExpr('-arr[0]', fn('negative', extract(col('arr'), literal(0))));
  });

  it('skips comments', () => {
    expectExpr('a /* one /* nested */ two */ + -- trailing\n b', fn('add', col('a'), col('b')));
  });
});

describe('parseSelectItem', () => {
  it('parses aliases with and without AS', () => {
    expect(withoutSpans(parseSelectItem('price * quantity AS total')))
      .toEqual(withoutSpans(alias(fn('multiply', col('price'), col('quantity')), 'total')));
    expect(withoutSpans(parseSelectItem('upper(name) n'))).toEqual(withoutSpans(alias(fn('upper', col('name')), 'n')));
    expect(withoutSpans(parseSelectItem('a AS `Total Sum`'))).toEqual(withoutSpans(alias(col('a'), 'Total Sum')));
    expect(withoutSpans(parseSelectItem('a'))).toEqual(withoutSpans(col('a')));
  });

  it('parses stars', () => {
    expect(withoutSpans(parseSelectItem('*'))).toEqual(withoutSpans(star()));
    expect(withoutSpans(parseSelectItem('t.*'))).toEqual(withoutSpans(star(['t'])));
  });
});

describe('spans', () => {
  it('points every node at its own text', () => {
    const text = 'upper(name) || arr[0]';
    const e = parseExpression(text);
    expect(e).toMatchObject({ kind: 'call', name: 'concat', span: { line: 1, column: 1, endLine: 1, endColumn: 22, text } });
    if (e.kind !== 'call') throw new Error('expected a call');
    expect(e.args[0]).toMatchObject({ kind: 'call', name: 'upper', span: { line: 1, column: 1, endColumn: 12 } });
    const upper = e.args[0]!;
    if (upper.kind !== 'call') throw new Error('expected a call');
    expect(upper.args[0]).toMatchObject({ kind: 'column', span: { line: 1, column: 7, endColumn: 11 } });
    expect(e.args[1]).toMatchObject({ kind: 'extract', span: { line: 1, column: 16, endColumn: 22 } });
  });

  it('spans literals, casts and stars', () => {
    const e = parseExpression("CAST(-5 AS BIGINT) + 'x'");
    if (e.kind !== 'call') throw new Error('expected a call');
    expect(e.args[0]).toMatchObject({ kind: 'cast', span: { column: 1, endColumn: 19 } });
    const c0 = e.args[0]!;
    if (c0.kind !== 'cast') throw new Error('expected a cast');
    expect(c0.child).toMatchObject({ kind: 'literal', value: -5, span: { column: 6, endColumn: 8 } });
    expect(e.args[1]).toMatchObject({ kind: 'literal', value: 'x', span: { column: 22, endColumn: 25 } });
    expect(parseSelectItem('  data.*')).toMatchObject({ kind: 'star', span: { line: 1, column: 3, endColumn: 9 } });
  });

  it('counts lines in multi-line text', () => {
    const e = parseExpression('a +\n  b');
    if (e.kind !== 'call') throw new Error('expected a call');
    expect(e.args[1]).toMatchObject({ kind: 'column', span: { line: 2, column: 3, endLine: 2, endColumn: 4 } });
    expect(e.span).toMatchObject({ line: 1, column: 1, endLine: 2, endColumn: 4 });
  });

  it('shifts positions by the origin', () => {
    const file = 'SELECT *\nFROM t\nWHERE price > 0 AND\n  qty < 5';
    const where = 'price > 0 AND\n  qty < 5';
    const e = parseExpression(where, { text: file, line: 3, column: 7 });
    expect(e).toMatchObject({ span: { line: 3, column: 7, endLine: 4, endColumn: 10, text: file } });
    if (e.kind !== 'call') throw new Error('expected a call');
    const qty = e.args[1]!;
    if (qty.kind !== 'call') throw new Error('expected a call');
    expect(qty.args[0]).toMatchObject({ kind: 'column', nameParts: ['qty'], span: { line: 4, column: 3, text: file } });
    expect(qty.args[1]).toMatchObject({ kind: 'literal', value: 5, span: { line: 4, column: 9 } });
  });
});

describe('syntax errors', () => {
  it('reports the token and position', () => {
    const e = parseError(() => parseExpression('price * '));
    expect(e.code).toBe('SQL_PARSE_ERROR');
    expect(e.message.split('\n')[0]).toBe('Syntax error at or near end of input: expected an expression (line 1, column 9)');

    const e2 = parseError(() => parseExpression('a + + * b'));
    expect(e2.message).toBe("Syntax error at or near '*': a star is only allowed as a whole select item or function argument (line 1, column 7)\n  a + + * b\n        ^");

    const e3 = parseError(() => parseExpression('(a + b'));
    expect(e3.message.split('\n')[0]).toBe("Syntax error at or near end of input: expected ')' (line 1, column 7)");

    const e4 = parseError(() => parseExpression('a b'));
    expect(e4.message.split('\n')[0]).toBe("Syntax error at or near 'b': expected end of input (line 1, column 3)");
    expect(e4.span).toMatchObject({ line: 1, column: 3, endLine: 1, endColumn: 4 });
  });

  it('reports positions on later lines and inside an origin', () => {
    const e = parseError(() => parseExpression('a +\n  b *\n  FROM'));
    expect(e.message).toBe("Syntax error at or near 'FROM': expected an expression (line 3, column 3)\n    FROM\n    ^^^^");

    const file = 'SELECT a\nFROM t WHERE x >> 1';
    const e2 = parseError(() => parseExpression('x >> 1', { text: file, line: 2, column: 14 }));
    expect(e2.message).toBe("Syntax error at or near '>': expected an expression (line 2, column 17)\n  FROM t WHERE x >> 1\n                  ^");
  });

  it('reports bad tokens', () => {
    expect(parseError(() => parseExpression("name = 'abc")).message.split('\n')[0]).toBe('Unterminated string literal (line 1, column 8)');
    expect(parseError(() => parseExpression('`abc')).message.split('\n')[0]).toBe('Unterminated quoted identifier (line 1, column 1)');
    expect(parseError(() => parseExpression('a # b')).message.split('\n')[0]).toBe("Syntax error at or near '#': unexpected character (line 1, column 3)");
    expect(parseError(() => parseExpression('12abc')).message.split('\n')[0]).toBe("Syntax error at or near '12abc': invalid number (line 1, column 1)");
    expect(parseError(() => parseExpression('a /* open')).message.split('\n')[0]).toBe('Unterminated comment: missing */ (line 1, column 3)');
  });

  it('reports incomplete constructs', () => {
    expect(parseError(() => parseExpression('CASE a END')).message.split('\n')[0]).toBe("Syntax error at or near 'END': expected WHEN (line 1, column 8)");
    expect(parseError(() => parseExpression('CASE WHEN a THEN 1')).message.split('\n')[0]).toBe('Syntax error at or near end of input: expected END (line 1, column 19)');
    expect(parseError(() => parseExpression('x BETWEEN 1')).message.split('\n')[0]).toBe('Syntax error at or near end of input: expected AND (line 1, column 12)');
    expect(parseError(() => parseExpression('x IN 1')).message.split('\n')[0]).toBe("Syntax error at or near '1': expected '(' (line 1, column 6)");
    expect(parseError(() => parseExpression('x IS 5')).message.split('\n')[0]).toBe("Syntax error at or near '5': expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM (line 1, column 6)");
    expect(parseError(() => parseExpression('INTERVAL 10 PARSECS')).message.split('\n')[0])
      .toBe("Syntax error at or near 'PARSECS': expected an interval unit (YEAR, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND) (line 1, column 13)");
    expect(parseError(() => parseExpression('CAST(x AS)')).message.split('\n')[0]).toBe("Syntax error at or near ')': expected a data type (line 1, column 10)");
    expect(parseError(() => parseExpression('f(a,)')).message.split('\n')[0]).toBe("Syntax error at or near ')': expected an expression (line 1, column 5)");
  });

  it('reports unknown CAST types at the type', () => {
    const e = parseError(() => parseExpression('CAST(x AS VARCHR)'));
    expect(e.code).toBe('UNSUPPORTED_DATATYPE');
    expect(e.message.split('\n')[0]).toBe("Unsupported data type 'VARCHR' (line 1, column 11)");
    expect(e.span).toMatchObject({ line: 1, column: 11, endColumn: 17 });
  });

  it('names unsupported Spark constructs', () => {
    const cases: [string, string][] = [
      ['sum(x) OVER (PARTITION BY k)', 'A window function (OVER ...) is not supported (line 1, column 8)'],
      ['transform(xs, x -> x + 1)', 'A lambda function (x -> ...) is not supported (line 1, column 17)'],
      ['x IN (SELECT y FROM t)', 'IN (subquery) is not supported (line 1, column 7)'],
      ['(SELECT 1)', 'A scalar subquery is not supported (line 1, column 2)'],
      ['db.f(x)', "The qualified function name 'db.f' is not supported (line 1, column 1)"],
    ];
    for (const [text, message] of cases) {
      const e = parseError(() => parseExpression(text));
      expect(e.code).toBe('SQL_UNSUPPORTED');
      expect(e.message.split('\n')[0]).toBe(message);
    }
  });

  it('rejects an alias in parseExpression but accepts it in parseSelectItem', () => {
    expect(parseError(() => parseExpression('a AS b')).message.split('\n')[0]).toBe("Syntax error at or near 'AS': expected end of input (line 1, column 3)");
    expect(parseError(() => parseSelectItem('a AS')).message.split('\n')[0]).toBe('Syntax error at or near end of input: expected an alias name (line 1, column 5)');
  });
});
