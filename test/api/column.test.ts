// Column builds exact unresolved Expr trees: literal vs column-name arguments, when/otherwise chains and their misuse errors.
import { describe, expect, it } from 'vitest';
import { Column, columnArg, conditionArg, toExpr, valueArg } from '../../src/api/column.js';
import { DecimalType, LongType, MapTypeOf, StringType } from '../../src/common/data-types.js';
import {
  alias, call, caseWhen, cast, columnRef, extract, literal, sortOrder, star,
} from '../../src/planner/expr/expression.js';
import { errorOf } from '../support/errors.js';

const col = (name: string): Column => new Column(columnRef(name));
const a = columnRef('a');

describe('Column expressions', () => {
  it('builds price * quantity AS total_amount', () => {
    expect(col('price').multiply(col('quantity')).alias('total_amount').expr)
      .toEqual(alias(call('multiply', [columnRef('price'), columnRef('quantity')]), 'total_amount'));
  });

  it('treats non-Column method arguments as literals, strings included (Spark semantics)', () => {
    expect(col('region').equalTo('North').expr).toEqual(call('equal', [columnRef('region'), literal('North')]));
    expect(col('a').plus(1).expr).toEqual(call('add', [a, literal(1)]));
    expect(col('a').plus(col('b')).expr).toEqual(call('add', [a, columnRef('b')]));
    expect(col('a').eqNullSafe(null).expr).toEqual(call('eq_null_safe', [a, literal(null)]));
    const when = new Date(Date.UTC(2024, 0, 2));
    expect(col('ts').lt(when).expr).toEqual(call('lt', [columnRef('ts'), literal(when)]));
  });

  it('maps every binary method to its canonical catalog name', () => {
    const c = col('a');
    const cases: [Column, string][] = [
      [c.plus(2), 'add'], [c.minus(2), 'subtract'], [c.multiply(2), 'multiply'], [c.divide(2), 'divide'], [c.mod(2), 'mod'],
      [c.equalTo(2), 'equal'], [c.notEqual(2), 'not_equal'], [c.eqNullSafe(2), 'eq_null_safe'], [c.gt(2), 'gt'],
      [c.geq(2), 'ge'], [c.lt(2), 'lt'], [c.leq(2), 'le'], [c.and(2), 'and'], [c.or(2), 'or'], [c.like(2), 'like'],
      [c.rlike(2), 'rlike'], [c.startsWith(2), 'startswith'], [c.endsWith(2), 'endswith'], [c.contains(2), 'contains'],
    ];
    for (const [built, name] of cases) expect(built.expr).toEqual(call(name, [a, literal(2)]));
  });

  it('builds unary operators', () => {
    expect(col('a').unaryMinus().expr).toEqual(call('negative', [a]));
    expect(col('a').not().expr).toEqual(call('not', [a]));
    expect(col('a').isNull().expr).toEqual(call('isnull', [a]));
    expect(col('a').isNotNull().expr).toEqual(call('isnotnull', [a]));
    expect(col('a').isNaN().expr).toEqual(call('isnan', [a]));
  });

  it('like and rlike take the pattern as a string literal', () => {
    expect(col('name').like('Al%').expr).toEqual(call('like', [columnRef('name'), literal('Al%')]));
    expect(col('name').rlike('^A').expr).toEqual(call('rlike', [columnRef('name'), literal('^A')]));
  });

  it('isin accepts values or one array, and Columns among them', () => {
    const expected = call('in', [columnRef('region'), literal('North'), literal('South')]);
    expect(col('region').isin('North', 'South').expr).toEqual(expected);
    expect(col('region').isin(['North', 'South']).expr).toEqual(expected);
    expect(col('a').isin(col('b'), 3).expr).toEqual(call('in', [a, columnRef('b'), literal(3)]));
  });

  it('between is ge AND le', () => {
    expect(col('price').between(10, col('cap')).expr).toEqual(call('and', [
      call('ge', [columnRef('price'), literal(10)]),
      call('le', [columnRef('price'), columnRef('cap')]),
    ]));
  });

  it('getField and getItem build extract with a literal key', () => {
    expect(col('data').getField('price').expr).toEqual(extract(columnRef('data'), literal('price')));
    expect(col('tags').getItem(0).expr).toEqual(extract(columnRef('tags'), literal(0)));
    expect(col('attrs').getItem('color').expr).toEqual(extract(columnRef('attrs'), literal('color')));
  });

  it('substr takes literal positions', () => {
    expect(col('name').substr(1, 3).expr).toEqual(call('substring', [columnRef('name'), literal(1), literal(3)]));
  });

  it('builds sort orders with Spark null ordering defaults', () => {
    expect(col('a').asc().expr).toEqual(sortOrder(a, true, true));
    expect(col('a').desc().expr).toEqual(sortOrder(a, false, false));
    expect(col('a').ascNullsFirst().expr).toEqual(sortOrder(a, true, true));
    expect(col('a').ascNullsLast().expr).toEqual(sortOrder(a, true, false));
    expect(col('a').descNullsFirst().expr).toEqual(sortOrder(a, false, true));
    expect(col('a').descNullsLast().expr).toEqual(sortOrder(a, false, false));
  });
});

describe('Column naming and casting', () => {
  it('alias, as and name are the same; a second alias replaces the first', () => {
    expect(col('a').as('b').expr).toEqual(alias(a, 'b'));
    expect(col('a').name('b').expr).toEqual(alias(a, 'b'));
    expect(col('a').alias('x').alias('y').expr).toEqual(alias(a, 'y'));
  });

  it('is immutable: methods return new Columns and leave the receiver alone', () => {
    const base = col('a');
    const derived = base.plus(1);
    expect(derived).not.toBe(base);
    expect(base.expr).toEqual(a);
    expect(Object.isFrozen(base)).toBe(true);
  });

  it('casts to a type name or a DataType', () => {
    expect(col('price').cast('decimal(10,2)').expr).toEqual(cast(columnRef('price'), DecimalType(10, 2)));
    expect(col('a').cast('BIGINT').expr).toEqual(cast(a, LongType));
    expect(col('m').cast(MapTypeOf(StringType, LongType)).expr).toEqual(cast(columnRef('m'), MapTypeOf(StringType, LongType)));
  });

  it('rejects a bad type name with the schema parser error', () => {
    const error = errorOf(() => col('a').cast('nonsense'));
    expect(error.code).toBe('INVALID_SCHEMA');
    expect(error.message).toBe("Cannot parse the schema string 'nonsense': unknown data type 'nonsense' (position 1)\n"
      + 'Hint: use one of BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), STRING, BINARY, DATE, TIMESTAMP, ARRAY<T>, MAP<K,V>, STRUCT<...>');
  });
});

describe('when / otherwise on a Column', () => {
  const start = new Column(caseWhen([{ condition: call('gt', [a, literal(10)]), value: literal('big') }]));

  it('appends branches and sets the else value', () => {
    const chained = start.when(col('a').gt(0), 'small').otherwise(col('fallback'));
    expect(chained.expr).toEqual(caseWhen([
      { condition: call('gt', [a, literal(10)]), value: literal('big') },
      { condition: call('gt', [a, literal(0)]), value: literal('small') },
    ], columnRef('fallback')));
  });

  it('does not change the Column it was called on', () => {
    start.when(col('a').gt(0), 'small');
    expect(start.expr).toEqual(caseWhen([{ condition: call('gt', [a, literal(10)]), value: literal('big') }]));
  });

  it('rejects when() and otherwise() on a Column that is not a when() chain', () => {
    const w = errorOf(() => col('a').when(col('b').gt(1), 1));
    expect(w.code).toBe('INVALID_WHEN');
    expect(w.message).toBe('when() can only be applied on a Column previously generated by when() function\n'
      + "Hint: start the chain with the when(condition, value) function, e.g. when(col('a').gt(1), 'big')");
    const o = errorOf(() => col('a').otherwise(1));
    expect(o.code).toBe('INVALID_WHEN');
    expect(o.message).toBe('otherwise() can only be applied on a Column previously generated by when()\n'
      + "Hint: start the chain with the when(condition, value) function, e.g. when(col('a').gt(1), 'big')");
  });

  it('rejects when() and otherwise() after otherwise()', () => {
    const done = start.otherwise('none');
    expect(errorOf(() => done.when(col('b').gt(1), 1)).message).toBe('when() cannot be applied once otherwise() is applied');
    expect(errorOf(() => done.otherwise(2)).message)
      .toBe('otherwise() can only be applied once on a Column previously generated by when()');
  });

  it('rejects an aliased chain like Spark does', () => {
    expect(errorOf(() => start.alias('size').otherwise(1)).code).toBe('INVALID_WHEN');
  });

  it('requires the condition to be a Column', () => {
    const error = errorOf(() => start.when('b' as unknown as Column, 1));
    expect(error.code).toBe('INVALID_COLUMN_ARGUMENT');
    expect(error.message).toBe("Invalid argument to when(): the condition must be a Column, got string 'b'\n"
      + "Hint: build conditions with Column methods or expr(), e.g. col('a').gt(1) or expr('a > 1')");
  });
});

describe('argument helpers', () => {
  it('columnArg reads strings as column names, stars included', () => {
    expect(columnArg('price')).toEqual(columnRef('price'));
    expect(columnArg('data.price')).toEqual({ kind: 'column', nameParts: ['data', 'price'], span: undefined });
    expect(columnArg('`a.b`.c')).toEqual({ kind: 'column', nameParts: ['a.b', 'c'], span: undefined });
    expect(columnArg('*')).toEqual(star());
    expect(columnArg('data.*')).toEqual(star(['data']));
    expect(columnArg(col('x'))).toEqual(columnRef('x'));
  });

  it('columnArg rejects values that are neither Column nor name', () => {
    const error = errorOf(() => columnArg(5 as unknown as string, 'upper'));
    expect(error.code).toBe('INVALID_COLUMN_ARGUMENT');
    expect(error.message).toBe('Invalid argument to upper(): expected a Column or a column name, got number 5\n'
      + 'Hint: wrap constants in lit(...), e.g. lit(5)');
    expect(errorOf(() => columnArg(null as unknown as string)).message)
      .toBe('Invalid argument: expected a Column or a column name, got null\nHint: wrap constants in lit(...), e.g. lit(5)');
  });

  it('valueArg makes literals of everything but Columns', () => {
    expect(valueArg('North')).toEqual(literal('North'));
    expect(valueArg(true)).toEqual(literal(true));
    expect(valueArg(null)).toEqual(literal(null));
    expect(valueArg(col('b'))).toEqual(columnRef('b'));
  });

  it('valueArg rejects undefined and functions', () => {
    const error = errorOf(() => col('a').plus(undefined));
    expect(error.code).toBe('INVALID_LITERAL');
    expect(error.message).toBe('Invalid argument to add(): undefined cannot be used as a literal value\nHint: use null for a SQL NULL');
    expect(errorOf(() => valueArg(() => 1, 'lit')).message)
      .toBe('Invalid argument to lit(): a function cannot be used as a literal value\nHint: use null for a SQL NULL');
  });

  it('toExpr reads strings as names and other values as literals', () => {
    expect(toExpr('x')).toEqual(columnRef('x'));
    expect(toExpr('*')).toEqual(star());
    expect(toExpr(2)).toEqual(literal(2));
    expect(toExpr(col('y'))).toEqual(columnRef('y'));
  });

  it('conditionArg accepts Columns only', () => {
    expect(conditionArg(col('ok'), 'when')).toEqual(columnRef('ok'));
    expect(errorOf(() => conditionArg(true, 'when')).message).toContain('the condition must be a Column, got boolean true');
  });
});

describe('Column.toString', () => {
  it('renders SQL-like text', () => {
    expect(String(col('price').multiply(col('quantity')).alias('total_amount'))).toBe('(price * quantity) AS total_amount');
    expect(String(col('region').equalTo("O'Hara").and(col('x').isNull().not()))).toBe("((region = 'O\\'Hara') AND (NOT (x IS NULL)))");
    expect(String(col('a').isin(1, 2))).toBe('(a IN (1, 2))');
    expect(String(col('data').getField('price').cast('bigint'))).toBe("CAST(data['price'] AS BIGINT)");
    expect(String(new Column(caseWhen([{ condition: a, value: literal(1) }], literal(null))))).toBe('CASE WHEN a THEN 1 ELSE NULL END');
    expect(String(new Column(call('count', [star()], { distinct: true })))).toBe('count(DISTINCT *)');
    expect(String(col('a.`b c`').desc())).toBe('a.`b c` DESC NULLS LAST');
  });
});
