// functions builds exact call Exprs: which parameters are column names and which are literals, JSON, windows, aggregates.
import { describe, expect, it } from 'vitest';
import type { Column } from '../../src/api/column.js';
import {
  abs, approxCountDistinct, array, asc, avg, bround, ceil, coalesce, col, collectList, collectSet, column, concat, concatWs,
  count, countDistinct, createMap, currentDate, currentTimestamp, dateAdd, dateFormat, datediff, dateSub, dayofmonth, dayofweek,
  dayofyear, desc, exp, expr, first, floor, fromJson, fromUnixtime, getJsonObject, greatest, hour, isnan, isnull, last, least,
  length, lit, log, lower, ltrim, max, mean, min, minute, month, nanvl, not, nullif, pow, regexpExtract, regexpReplace, round,
  rtrim, second, sessionWindow, split, sqrt, struct, substring, sum, toDate, toJson, toTimestamp, trim, unixTimestamp, upper,
  weekofyear, when, window, windowTime, year,
} from '../../src/api/functions.js';
import { ArrayTypeOf, IntegerType, MapTypeOf, StringType, StructType } from '../../src/common/data-types.js';
import { call, caseWhen, columnRef, literal, sortOrder, star } from '../../src/planner/expr/expression.js';
import { errorOf } from '../support/errors.js';

const a = columnRef('a');
const b = columnRef('b');

describe('col, lit, expr', () => {
  it('col and column name columns; stars and nested names work', () => {
    expect(col('price').expr).toEqual(columnRef('price'));
    expect(column('price').expr).toEqual(columnRef('price'));
    expect(col('data.price').expr).toEqual({ kind: 'column', nameParts: ['data', 'price'], span: undefined });
    expect(col('*').expr).toEqual(star());
    expect(col('data.*').expr).toEqual(star(['data']));
  });

  it('lit wraps values and returns Columns as they are', () => {
    expect(lit(100).expr).toEqual(literal(100));
    expect(lit('North').expr).toEqual(literal('North'));
    expect(lit(null).expr).toEqual(literal(null));
    const day = new Date(Date.UTC(2024, 5, 1));
    expect(lit(day).expr).toEqual(literal(day));
    const c = col('a');
    expect(lit(c)).toBe(c);
    expect(errorOf(() => lit(undefined)).message)
      .toBe('Invalid argument to lit(): undefined cannot be used as a literal value\nHint: use null for a SQL NULL');
  });

  it('expr parses SQL text into the same kind of tree', () => {
    expect(expr('price * quantity').expr).toMatchObject({
      kind: 'call', name: 'multiply', args: [{ kind: 'column', nameParts: ['price'] }, { kind: 'column', nameParts: ['quantity'] }],
    });
  });
});

describe('column-name versus literal parameters', () => {
  it('a string argument of a column function is a column name', () => {
    expect(upper('name').expr).toEqual(call('upper', [columnRef('name')]));
    expect(upper(lit('name')).expr).toEqual(call('upper', [literal('name')]));
    expect(coalesce('a', col('b'), lit(0)).expr).toEqual(call('coalesce', [a, b, literal(0)]));
  });

  it('rejects a non-column value where a column is expected, naming the function', () => {
    const error = errorOf(() => upper(5 as unknown as string));
    expect(error.code).toBe('INVALID_COLUMN_ARGUMENT');
    expect(error.message).toBe('Invalid argument to upper(): expected a Column or a column name, got number 5\n'
      + 'Hint: wrap constants in lit(...), e.g. lit(5)');
  });

  it('value parameters are literals', () => {
    expect(concatWs('-', 'year', col('month')).expr).toEqual(call('concat_ws', [literal('-'), columnRef('year'), columnRef('month')]));
    expect(substring('name', 1, 3).expr).toEqual(call('substring', [columnRef('name'), literal(1), literal(3)]));
    expect(split('tags', ',').expr).toEqual(call('split', [columnRef('tags'), literal(','), literal(-1)]));
    expect(split('tags', ',', 2).expr).toEqual(call('split', [columnRef('tags'), literal(','), literal(2)]));
    expect(regexpExtract('url', '/item/(\\d+)', 1).expr)
      .toEqual(call('regexp_extract', [columnRef('url'), literal('/item/(\\d+)'), literal(1)]));
    expect(round('price').expr).toEqual(call('round', [columnRef('price'), literal(0)]));
    expect(round('price', 2).expr).toEqual(call('round', [columnRef('price'), literal(2)]));
    expect(bround('price', 1).expr).toEqual(call('bround', [columnRef('price'), literal(1)]));
    expect(dateFormat('ts', 'yyyy-MM-dd').expr).toEqual(call('date_format', [columnRef('ts'), literal('yyyy-MM-dd')]));
    expect(getJsonObject('value', '$.price').expr).toEqual(call('get_json_object', [columnRef('value'), literal('$.price')]));
  });

  it('regexpReplace takes literal strings or Columns for pattern and replacement', () => {
    expect(regexpReplace('phone', '[^0-9]', '').expr)
      .toEqual(call('regexp_replace', [columnRef('phone'), literal('[^0-9]'), literal('')]));
    expect(regexpReplace('phone', col('p'), col('r')).expr)
      .toEqual(call('regexp_replace', [columnRef('phone'), columnRef('p'), columnRef('r')]));
  });

  it('pow, log, dateAdd and dateSub read strings as names and numbers as literals', () => {
    expect(pow('x', 2).expr).toEqual(call('pow', [columnRef('x'), literal(2)]));
    expect(pow(2, 'x').expr).toEqual(call('pow', [literal(2), columnRef('x')]));
    expect(log('x').expr).toEqual(call('log', [columnRef('x')]));
    expect(log(10, 'x').expr).toEqual(call('log', [literal(10), columnRef('x')]));
    expect(dateAdd('day', 7).expr).toEqual(call('date_add', [columnRef('day'), literal(7)]));
    expect(dateAdd('day', 'n').expr).toEqual(call('date_add', [columnRef('day'), columnRef('n')]));
    expect(dateSub('day', 1).expr).toEqual(call('date_sub', [columnRef('day'), literal(1)]));
  });

  it('one-column functions use their snake_case catalog names', () => {
    const cases: [(c: string) => Column, string][] = [
      [upper, 'upper'], [lower, 'lower'], [trim, 'trim'], [ltrim, 'ltrim'], [rtrim, 'rtrim'], [length, 'length'],
      [abs, 'abs'], [floor, 'floor'], [ceil, 'ceil'], [sqrt, 'sqrt'], [exp, 'exp'], [isnull, 'isnull'], [isnan, 'isnan'],
      [not, 'not'], [year, 'year'], [month, 'month'], [dayofmonth, 'dayofmonth'], [dayofweek, 'dayofweek'],
      [dayofyear, 'dayofyear'], [hour, 'hour'], [minute, 'minute'], [second, 'second'], [weekofyear, 'weekofyear'],
      [windowTime, 'window_time'], [sum, 'sum'], [avg, 'avg'], [mean, 'avg'], [min, 'min'], [max, 'max'],
      [collectList, 'collect_list'], [collectSet, 'collect_set'], [count, 'count'],
    ];
    for (const [f, name] of cases) expect(f('a').expr).toEqual(call(name, [a]));
  });

  it('variadic and two-column functions', () => {
    expect(concat('a', lit(' '), 'b').expr).toEqual(call('concat', [a, literal(' '), b]));
    expect(greatest('a', 'b').expr).toEqual(call('greatest', [a, b]));
    expect(least('a', 'b').expr).toEqual(call('least', [a, b]));
    expect(nanvl('a', 'b').expr).toEqual(call('nanvl', [a, b]));
    expect(nullif('a', 'b').expr).toEqual(call('nullif', [a, b]));
    expect(datediff('a', 'b').expr).toEqual(call('datediff', [a, b]));
  });

  it('asc and desc functions build sort orders', () => {
    expect(asc('a').expr).toEqual(sortOrder(a, true, true));
    expect(desc('a').expr).toEqual(sortOrder(a, false, false));
  });
});

describe('complex types and JSON', () => {
  it('struct, array and createMap take columns or one array of them', () => {
    expect(struct('a', col('b')).expr).toEqual(call('struct', [a, b]));
    expect(struct(['a', 'b']).expr).toEqual(call('struct', [a, b]));
    expect(struct().expr).toEqual(call('struct', []));
    expect(array(['a', 'b']).expr).toEqual(call('array', [a, b]));
    expect(createMap(lit('k'), 'a').expr).toEqual(call('map', [literal('k'), a]));
  });

  it('fromJson with a StructType passes its DDL text', () => {
    const schema = new StructType().add('event_id', StringType).add('price', IntegerType).add('tags', 'array<string>');
    expect(fromJson(col('value'), schema).expr)
      .toEqual(call('from_json', [columnRef('value'), literal('event_id STRING, price INT, tags ARRAY<STRING>')]));
  });

  it('fromJson with options adds a map<string,string> literal; values become strings', () => {
    const built = fromJson('value', 'event_id STRING, ts TIMESTAMP', { timestampFormat: 'yyyy-MM-dd HH:mm', allowComments: true });
    expect(built.expr).toEqual(call('from_json', [
      columnRef('value'),
      literal('event_id STRING, ts TIMESTAMP'),
      literal(new Map([['timestampFormat', 'yyyy-MM-dd HH:mm'], ['allowComments', 'true']]), MapTypeOf(StringType, StringType)),
    ]));
    expect(fromJson('value', 'a INT', {}).expr).toEqual(call('from_json', [columnRef('value'), literal('a INT')]));
  });

  it('fromJson accepts non-struct schemas as type names or DataTypes', () => {
    expect(fromJson('v', 'array<int>').expr).toEqual(call('from_json', [columnRef('v'), literal('array<int>')]));
    expect(fromJson('v', ArrayTypeOf(IntegerType)).expr).toEqual(call('from_json', [columnRef('v'), literal('ARRAY<INT>')]));
  });

  it('fromJson rejects a bad schema string at the call', () => {
    const error = errorOf(() => fromJson('value', 'price INTEGRAL'));
    expect(error.code).toBe('INVALID_SCHEMA');
    expect(error.message.split('\n')[0]).toBe("Cannot parse the schema string 'price INTEGRAL': unknown data type 'INTEGRAL' (position 7)");
  });

  it('toJson with and without options', () => {
    expect(toJson(struct('a', 'b')).expr).toEqual(call('to_json', [call('struct', [a, b])]));
    expect(toJson('s', { pretty: 'true' }).expr)
      .toEqual(call('to_json', [columnRef('s'), literal(new Map([['pretty', 'true']]), MapTypeOf(StringType, StringType))]));
  });
});

describe('when chains', () => {
  it('when(...).when(...).otherwise(...) builds one caseWhen', () => {
    const built = when(col('amount').gt(1000), 'large').when(col('amount').gt(100), 'medium').otherwise(lit('small'));
    expect(built.expr).toEqual(caseWhen([
      { condition: call('gt', [columnRef('amount'), literal(1000)]), value: literal('large') },
      { condition: call('gt', [columnRef('amount'), literal(100)]), value: literal('medium') },
    ], literal('small')));
  });

  it('a chain without otherwise has no else value', () => {
    expect(when(col('a').isNull(), col('b')).expr).toEqual(caseWhen([{ condition: call('isnull', [a]), value: b }]));
  });

  it('misuse errors come from the Column methods', () => {
    expect(errorOf(() => when(col('a').gt(1), 1).otherwise(2).otherwise(3)).message)
      .toBe('otherwise() can only be applied once on a Column previously generated by when()');
    expect(errorOf(() => when('a' as unknown as Column, 1)).code).toBe('INVALID_COLUMN_ARGUMENT');
  });
});

describe('dates and times', () => {
  it('uses Spark default formats and optional patterns', () => {
    expect(fromUnixtime('s').expr).toEqual(call('from_unixtime', [columnRef('s'), literal('yyyy-MM-dd HH:mm:ss')]));
    expect(fromUnixtime('s', 'HH:mm').expr).toEqual(call('from_unixtime', [columnRef('s'), literal('HH:mm')]));
    expect(unixTimestamp().expr).toEqual(call('unix_timestamp', []));
    expect(unixTimestamp('t').expr).toEqual(call('unix_timestamp', [columnRef('t'), literal('yyyy-MM-dd HH:mm:ss')]));
    expect(toTimestamp('t').expr).toEqual(call('to_timestamp', [columnRef('t')]));
    expect(toTimestamp('t', 'dd/MM/yyyy HH:mm').expr).toEqual(call('to_timestamp', [columnRef('t'), literal('dd/MM/yyyy HH:mm')]));
    expect(toDate('t').expr).toEqual(call('to_date', [columnRef('t')]));
    expect(toDate('t', 'dd/MM/yyyy').expr).toEqual(call('to_date', [columnRef('t'), literal('dd/MM/yyyy')]));
    expect(currentTimestamp().expr).toEqual(call('current_timestamp', []));
    expect(currentDate().expr).toEqual(call('current_date', []));
  });
});

describe('windows', () => {
  it('window fills in the slide and the start time', () => {
    expect(window('event_time', '10 minutes').expr).toEqual(call('window', [
      columnRef('event_time'), literal('10 minutes'), literal('10 minutes'), literal('0 seconds'),
    ]));
    expect(window(col('ts'), '10 minutes', '5 minutes', '1 minute').expr).toEqual(call('window', [
      columnRef('ts'), literal('10 minutes'), literal('5 minutes'), literal('1 minute'),
    ]));
  });

  it('sessionWindow takes a duration literal or a Column', () => {
    expect(sessionWindow('ts', '5 minutes').expr).toEqual(call('session_window', [columnRef('ts'), literal('5 minutes')]));
    expect(sessionWindow('ts', col('gap')).expr).toEqual(call('session_window', [columnRef('ts'), columnRef('gap')]));
  });
});

describe('aggregates', () => {
  it("count('*') counts with a star", () => {
    expect(count('*').expr).toEqual(call('count', [star()]));
  });

  it('countDistinct marks the call distinct', () => {
    expect(countDistinct('a', 'b').expr).toEqual(call('count', [a, b], { distinct: true }));
  });

  it('approxCountDistinct takes an optional rsd literal', () => {
    expect(approxCountDistinct('a').expr).toEqual(call('approx_count_distinct', [a]));
    expect(approxCountDistinct('a', 0.05).expr).toEqual(call('approx_count_distinct', [a, literal(0.05)]));
  });

  it('first and last always carry ignoreNulls', () => {
    expect(first('a').expr).toEqual(call('first', [a, literal(false)]));
    expect(last('a', true).expr).toEqual(call('last', [a, literal(true)]));
  });

  it('aggregates compose with Column methods', () => {
    expect(sum(col('price').multiply(col('quantity'))).alias('revenue').toString()).toBe('sum((price * quantity)) AS revenue');
  });
});
