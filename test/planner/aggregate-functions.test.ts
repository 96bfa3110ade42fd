// Aggregate signatures: Spark 3.5 result types and nullability, implicit casts, literal options, names and type errors.
import { describe, expect, it } from 'vitest';
import {
  ArrayTypeOf, BinaryType, BooleanType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapTypeOf,
  NullType, StringType, StructType, TimestampType, simpleString,
} from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { boundLiteral } from '../../src/planner/expr/bound-expression.js';
import type { BoundCall, BoundExpr } from '../../src/planner/expr/bound-expression.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import type { ResolvedCall } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/aggregate-functions.js';
import { renderExpression } from '../../src/planner/expr/render-expression.js';

const ref = (name: string, dataType: DataType): BoundExpr => ({ kind: 'ref', index: 0, name, dataType, nullable: true });

function resolve(name: string, args: readonly BoundExpr[]): ResolvedCall {
  const sig = lookupFunction(name);
  if (sig === undefined) throw new Error(`no signature ${name}`);
  return sig.resolve(args, { timeZone: 'UTC', functionName: name });
}

function typeOf(name: string, ...types: DataType[]): string {
  return simpleString(resolve(name, types.map((t, i) => ref(`c${i}`, t))).dataType);
}

function errorOf(name: string, args: readonly BoundExpr[]): BrookError {
  try {
    resolve(name, args);
  } catch (error) {
    if (error instanceof BrookError) return error;
    throw error;
  }
  throw new Error(`${name} resolved without an error`);
}

/** The column name Spark gives the call (render-expression.ts over the resolved call). */
function rendered(name: string, args: readonly BoundExpr[], distinct = false): string {
  const sig = lookupFunction(name)!;
  const r = sig.resolve(args, { timeZone: 'UTC', functionName: name });
  const call: BoundCall = { kind: 'call', name: sig.name, args: r.args, dataType: r.dataType, nullable: r.nullable, distinct, options: r.options };
  return renderExpression(call);
}

describe('aggregate signatures: catalog', () => {
  it('registers every function and alias as an aggregate under its canonical name', () => {
    const expected: Record<string, string> = {
      count: 'count', sum: 'sum', avg: 'avg', mean: 'avg', min: 'min', max: 'max', first: 'first', first_value: 'first',
      last: 'last', last_value: 'last', approx_count_distinct: 'approx_count_distinct', collect_list: 'collect_list',
      collect_set: 'collect_set', count_if: 'count_if', any: 'bool_or', some: 'bool_or', bool_or: 'bool_or',
      every: 'bool_and', bool_and: 'bool_and', stddev: 'stddev', stddev_samp: 'stddev', std: 'stddev',
      stddev_pop: 'stddev_pop', variance: 'variance', var_samp: 'variance', var_pop: 'var_pop', max_by: 'max_by',
      min_by: 'min_by',
    };
    for (const [alias, canonical] of Object.entries(expected)) {
      const sig = lookupFunction(alias.toUpperCase());
      expect([alias, sig?.name, sig?.kind]).toEqual([alias, canonical, 'aggregate']);
    }
  });
});

describe('aggregate signatures: result types (Spark 3.5)', () => {
  it('count is a BIGINT that is never null', () => {
    const r = resolve('count', [boundLiteral(1, IntegerType)]);
    expect([simpleString(r.dataType), r.nullable]).toEqual(['bigint', false]);
    expect(typeOf('count', StringType, MapTypeOf(StringType, IntegerType))).toBe('bigint');
  });

  it('sum widens integers to BIGINT, floats to DOUBLE, decimals by 10 digits', () => {
    expect(typeOf('sum', IntegerType)).toBe('bigint');
    expect(typeOf('sum', LongType)).toBe('bigint');
    expect(typeOf('sum', FloatType)).toBe('double');
    expect(typeOf('sum', DoubleType)).toBe('double');
    expect(typeOf('sum', DecimalType(10, 2))).toBe('decimal(20,2)');
    expect(typeOf('sum', DecimalType(35, 4))).toBe('decimal(38,4)');
    expect(resolve('sum', [ref('x', IntegerType)]).nullable).toBe(true);
  });

  it('avg is DOUBLE, or DECIMAL(p+4, s+4) capped at 38', () => {
    expect(typeOf('avg', IntegerType)).toBe('double');
    expect(typeOf('mean', LongType)).toBe('double');
    expect(typeOf('avg', FloatType)).toBe('double');
    expect(typeOf('avg', DecimalType(10, 2))).toBe('decimal(14,6)');
    expect(typeOf('avg', DecimalType(36, 36))).toBe('decimal(38,38)');
  });

  it('casts a STRING or NULL argument of sum/avg/stddev to DOUBLE (Spark implicit cast)', () => {
    const r = resolve('sum', [ref('amount', StringType)]);
    expect(simpleString(r.dataType)).toBe('double');
    expect(r.args[0]).toMatchObject({ kind: 'cast', dataType: DoubleType, child: { kind: 'ref', name: 'amount' } });
    expect(resolve('avg', [boundLiteral(null, NullType)]).args[0]).toEqual(boundLiteral(null, DoubleType));
    expect(typeOf('stddev', StringType)).toBe('double');
  });

  it('min, max, first, last and max_by keep the input type', () => {
    const struct = new StructType().add('a', 'int');
    expect(typeOf('min', StringType)).toBe('string');
    expect(typeOf('max', TimestampType)).toBe('timestamp');
    expect(typeOf('max', DecimalType(7, 3))).toBe('decimal(7,3)');
    expect(typeOf('min', ArrayTypeOf(IntegerType))).toBe('array<int>');
    expect(typeOf('max', struct)).toBe('struct<a:int>');
    expect(typeOf('first', DateType)).toBe('date');
    expect(typeOf('last', MapTypeOf(StringType, IntegerType))).toBe('map<string,int>');
    expect(typeOf('max_by', StringType, TimestampType)).toBe('string');
    expect(typeOf('min_by', BinaryType, IntegerType)).toBe('binary');
  });

  it('the other functions have Spark types and nullability', () => {
    const cases: [string, DataType, string, boolean][] = [
      ['approx_count_distinct', StringType, 'bigint', false],
      ['collect_list', IntegerType, 'array<int>', false],
      ['collect_set', StringType, 'array<string>', false],
      ['count_if', BooleanType, 'bigint', false],
      ['bool_or', BooleanType, 'boolean', true],
      ['every', BooleanType, 'boolean', true],
      ['stddev', IntegerType, 'double', true],
      ['stddev_pop', DecimalType(10, 2), 'double', true],
      ['variance', LongType, 'double', true],
      ['var_pop', FloatType, 'double', true],
    ];
    for (const [name, input, type, nullable] of cases) {
      const r = resolve(name, [ref('x', input)]);
      expect([name, simpleString(r.dataType), r.nullable]).toEqual([name, type, nullable]);
    }
    const list = resolve('collect_list', [ref('x', IntegerType)]).dataType;
    expect(list).toEqual(ArrayTypeOf(IntegerType, false));
  });
});

describe('aggregate signatures: literal arguments', () => {
  it('moves ignoreNulls of first/last to options', () => {
    const r = resolve('first', [ref('product', StringType), boundLiteral(1, BooleanType)]);
    expect(r.args).toHaveLength(1);
    expect(r.options).toEqual({ ignoreNulls: true });
    expect(resolve('last_value', [ref('product', StringType)]).options).toEqual({ ignoreNulls: false });
  });

  it('moves the relative standard deviation of approx_count_distinct to options', () => {
    expect(resolve('approx_count_distinct', [ref('user_id', StringType)]).options).toEqual({ relativeSD: 0.05 });
    const r = resolve('approx_count_distinct', [ref('user_id', StringType), boundLiteral(0.01, DoubleType)]);
    expect([r.args.length, r.options]).toEqual([1, { relativeSD: 0.01 }]);
    expect(resolve('approx_count_distinct', [ref('u', StringType), boundLiteral(0.02, DecimalType(3, 2))]).options).toEqual({ relativeSD: 0.02 });
    // Spark's limit: precision ceil(2·log2(1.106 / rsd)) must be at least 4, so 0.39 is the largest usable rsd
    expect(resolve('approx_count_distinct', [ref('u', StringType), boundLiteral(0.39, DoubleType)]).options).toEqual({ relativeSD: 0.39 });
  });
});

describe('aggregate signatures: names', () => {
  it('renders Spark column names, DISTINCT included', () => {
    expect(rendered('count', [boundLiteral(1, IntegerType)])).toBe('count(1)');
    expect(rendered('count', [ref('price', IntegerType)])).toBe('count(price)');
    expect(rendered('count', [ref('product', StringType)], true)).toBe('count(DISTINCT product)');
    expect(rendered('count', [ref('a', StringType), ref('b', IntegerType)], true)).toBe('count(DISTINCT a, b)');
    expect(rendered('sum', [ref('total_amount', DoubleType)])).toBe('sum(total_amount)');
    expect(rendered('avg', [ref('total_amount', DecimalType(10, 2))])).toBe('avg(total_amount)');
    expect(rendered('first', [ref('product', StringType), boundLiteral(1, BooleanType)])).toBe('first(product)');
    expect(rendered('approx_count_distinct', [ref('user_id', StringType), boundLiteral(0.01, DoubleType)])).toBe('approx_count_distinct(user_id)');
    expect(rendered('max_by', [ref('product', StringType), ref('price', IntegerType)])).toBe('max_by(product, price)');
  });
});

describe('aggregate signatures: type errors', () => {
  it('rejects sum, avg and stddev of BOOLEAN and other non-numeric types', () => {
    const sum = errorOf('sum', [ref('flag', BooleanType)]);
    expect(sum.code).toBe('DATATYPE_MISMATCH');
    expect(sum.message).toBe("Cannot resolve 'sum(flag)' due to data type mismatch: function sum requires a numeric argument, got BOOLEAN");
    expect(errorOf('mean', [ref('day', DateType)]).message).toBe("Cannot resolve 'mean(day)' due to data type mismatch: function mean requires a numeric argument, got DATE");
    expect(errorOf('stddev_pop', [ref('tags', ArrayTypeOf(StringType))]).message).toBe("Cannot resolve 'stddev_pop(tags)' due to data type mismatch: function stddev_pop requires a numeric argument, got ARRAY<STRING>");
  });

  it('rejects min/max/max_by over MAP values', () => {
    const min = errorOf('min', [ref('attrs', MapTypeOf(StringType, IntegerType))]);
    expect(min.code).toBe('DATATYPE_MISMATCH');
    expect(min.message).toBe("Cannot resolve 'min(attrs)' due to data type mismatch: function min does not support ordering on type MAP<STRING, INT>");
    const nested = ArrayTypeOf(MapTypeOf(StringType, IntegerType));
    expect(errorOf('max', [ref('m', nested)]).message).toBe("Cannot resolve 'max(m)' due to data type mismatch: function max does not support ordering on type ARRAY<MAP<STRING, INT>>");
    expect(errorOf('max_by', [ref('x', StringType), ref('m', MapTypeOf(StringType, IntegerType))]).message)
      .toBe("Cannot resolve 'max_by(x, m)' due to data type mismatch: function max_by does not support ordering on type MAP<STRING, INT>");
  });

  it('rejects collect_set of MAP values and non-BOOLEAN count_if/bool_or', () => {
    expect(errorOf('collect_set', [ref('m', MapTypeOf(StringType, IntegerType))]).message)
      .toBe("Cannot resolve 'collect_set(m)' due to data type mismatch: function collect_set cannot collect values of type MAP<STRING, INT>");
    expect(errorOf('count_if', [ref('qty', IntegerType)]).message)
      .toBe("Cannot resolve 'count_if(qty)' due to data type mismatch: function count_if requires a BOOLEAN argument, got INT");
    expect(errorOf('some', [ref('s', StringType)]).message)
      .toBe("Cannot resolve 'some(s)' due to data type mismatch: function some requires a BOOLEAN argument, got STRING");
  });

  it('requires literal second arguments for first/last and approx_count_distinct', () => {
    expect(errorOf('first', [ref('x', StringType), boundLiteral(1, IntegerType)]).message)
      .toBe("Cannot resolve 'first(x, 1)' due to data type mismatch: the second argument of function first must be a BOOLEAN literal, got 1 of type INT");
    expect(errorOf('last', [ref('x', StringType), ref('flag', BooleanType)]).message)
      .toBe("Cannot resolve 'last(x, flag)' due to data type mismatch: the second argument of function last must be a BOOLEAN literal, got flag of type BOOLEAN");
    expect(errorOf('approx_count_distinct', [ref('u', StringType), boundLiteral(1, IntegerType)]).message)
      .toBe("Cannot resolve 'approx_count_distinct(u, 1)' due to data type mismatch: the second argument of function approx_count_distinct must be a DOUBLE literal, got 1 of type INT");
    const range = errorOf('approx_count_distinct', [ref('u', StringType), boundLiteral(0.5, DoubleType)]);
    expect(range.code).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(range.message).toBe('approx_count_distinct needs a relative standard deviation between 0.00027 and 0.39, got 0.5\n'
      + 'Hint: HyperLogLog++ needs at least 4 bits for addressing (rsd at most 0.39); brook keeps at most 2^24 registers per group');
  });
});
