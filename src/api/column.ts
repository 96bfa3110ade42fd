// Column: an immutable builder over one unresolved Expr (Spark's Column); every method returns a new Column.
// schema-parser.js before data-types.js: the two import each other and the parser's type table must see initialised types.
import { parseDataType } from '../common/schema-parser.js';
import type { DataType } from '../common/data-types.js';
import { ddlTypeString } from '../common/data-types.js';
import { assertNever, userError } from '../common/errors.js';
import type { Expr } from '../planner/expr/expression.js';
import { alias, call, caseWhen, cast, extract, literal, parseColumnOrStar, sortOrder } from '../planner/expr/expression.js';

/** What functions taking columns accept: a Column, or a column name such as 'price', 'data.price', '*' or 'data.*'. @example upper('region') */
export type ColumnOrName = Column | string;

/**
 * An expression over the columns of a DataFrame, not yet resolved against a schema.
 * @example col('price').multiply(col('quantity')).alias('total_amount')
 */
export class Column {
  readonly expr: Expr;

  /** @example new Column(columnRef('price')) */
  constructor(expr: Expr) {
    this.expr = expr;
    Object.freeze(this);
  }

  /** Gives the column a name (an alias on an alias replaces it). @example col('a').alias('b') */
  alias(name: string): Column {
    const child = this.expr.kind === 'alias' ? this.expr.child : this.expr;
    return new Column(alias(child, name));
  }

  /** Same as alias. @example col('a').as('b') */
  as(name: string): Column {
    return this.alias(name);
  }

  /** Same as alias. @example col('a').name('b') */
  name(name: string): Column {
    return this.alias(name);
  }

  /** Casts to a type given as a DataType or a type name; a bad name throws INVALID_SCHEMA. @example col('price').cast('decimal(10,2)') */
  cast(to: string | DataType): Column {
    return new Column(cast(this.expr, typeof to === 'string' ? parseDataType(to) : to));
  }

  /** `this + other`. @example col('a').plus(1) */
  plus(other: unknown): Column { return this.binary('add', other); }
  /** `this - other`. @example col('a').minus(col('b')) */
  minus(other: unknown): Column { return this.binary('subtract', other); }
  /** `this * other`. @example col('price').multiply(col('quantity')) */
  multiply(other: unknown): Column { return this.binary('multiply', other); }
  /** `this / other`. @example col('a').divide(2) */
  divide(other: unknown): Column { return this.binary('divide', other); }
  /** `this % other`. @example col('a').mod(7) */
  mod(other: unknown): Column { return this.binary('mod', other); }
  /** `-this`. @example col('a').unaryMinus() */
  unaryMinus(): Column { return new Column(call('negative', [this.expr])); }

  /** `this = other`. @example col('region').equalTo('North') */
  equalTo(other: unknown): Column { return this.binary('equal', other); }
  /** `this != other`. @example col('region').notEqual('North') */
  notEqual(other: unknown): Column { return this.binary('not_equal', other); }
  /** `this <=> other`: equality where two nulls are equal. @example col('a').eqNullSafe(null) */
  eqNullSafe(other: unknown): Column { return this.binary('eq_null_safe', other); }
  /** `this > other`. @example col('price').gt(100) */
  gt(other: unknown): Column { return this.binary('gt', other); }
  /** `this >= other`. @example col('price').geq(100) */
  geq(other: unknown): Column { return this.binary('ge', other); }
  /** `this < other`. @example col('price').lt(100) */
  lt(other: unknown): Column { return this.binary('lt', other); }
  /** `this <= other`. @example col('price').leq(100) */
  leq(other: unknown): Column { return this.binary('le', other); }

  /** `this AND other`. @example col('a').gt(1).and(col('b').lt(2)) */
  and(other: unknown): Column { return this.binary('and', other); }
  /** `this OR other`. @example col('a').gt(1).or(col('b').lt(2)) */
  or(other: unknown): Column { return this.binary('or', other); }
  /** `NOT this`. @example col('flag').not() */
  not(): Column { return new Column(call('not', [this.expr])); }

  /** `this IS NULL`. @example col('a').isNull() */
  isNull(): Column { return new Column(call('isnull', [this.expr])); }
  /** `this IS NOT NULL`. @example col('a').isNotNull() */
  isNotNull(): Column { return new Column(call('isnotnull', [this.expr])); }
  /** True where the value is NaN. @example col('ratio').isNaN() */
  isNaN(): Column { return new Column(call('isnan', [this.expr])); }

  /** `this IN (values…)`; values are literals or Columns; one array argument is spread. @example col('region').isin('North', 'South') */
  isin(...values: unknown[]): Column {
    const list = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
    return new Column(call('in', [this.expr, ...list.map((v) => valueArg(v, 'isin'))]));
  }

  /** SQL LIKE with `%` and `_`. @example col('name').like('Al%') */
  like(pattern: unknown): Column { return this.binary('like', pattern); }
  /** Java-style regular expression match. @example col('name').rlike('^A[a-z]+$') */
  rlike(pattern: unknown): Column { return this.binary('rlike', pattern); }

  /** `this >= lower AND this <= upper`. @example col('price').between(10, 20) */
  between(lower: unknown, upper: unknown): Column {
    return new Column(call('and', [
      call('ge', [this.expr, valueArg(lower, 'between')]),
      call('le', [this.expr, valueArg(upper, 'between')]),
    ]));
  }

  /** A field of a struct column. @example col('data').getField('price') */
  getField(name: string): Column {
    return new Column(extract(this.expr, literal(name)));
  }

  /** An array element (0-based) or a map value. @example col('tags').getItem(0) */
  getItem(key: unknown): Column {
    return new Column(extract(this.expr, valueArg(key, 'getItem')));
  }

  /** Adds a branch to a when(...) chain. @example when(col('a').gt(1), 'big').when(col('a').gt(0), 'small') */
  when(condition: Column, value: unknown): Column {
    const e = this.expr;
    if (e.kind !== 'caseWhen') {
      throw userError('INVALID_WHEN', 'when() can only be applied on a Column previously generated by when() function',
        { hint: "start the chain with the when(condition, value) function, e.g. when(col('a').gt(1), 'big')" });
    }
    if (e.otherwise !== undefined) throw userError('INVALID_WHEN', 'when() cannot be applied once otherwise() is applied');
    return new Column(caseWhen([...e.branches, { condition: conditionArg(condition, 'when'), value: valueArg(value, 'when') }]));
  }

  /** Sets the value of a when(...) chain where no branch matched. @example when(col('a').gt(1), 'big').otherwise('small') */
  otherwise(value: unknown): Column {
    const e = this.expr;
    if (e.kind !== 'caseWhen') {
      throw userError('INVALID_WHEN', 'otherwise() can only be applied on a Column previously generated by when()',
        { hint: "start the chain with the when(condition, value) function, e.g. when(col('a').gt(1), 'big')" });
    }
    if (e.otherwise !== undefined) {
      throw userError('INVALID_WHEN', 'otherwise() can only be applied once on a Column previously generated by when()');
    }
    return new Column(caseWhen(e.branches, valueArg(value, 'otherwise')));
  }

  /** Ascending, nulls first. @example df.orderBy(col('a').asc()) */
  asc(): Column { return new Column(sortOrder(this.expr, true, true)); }
  /** Ascending, nulls first. @example col('a').ascNullsFirst() */
  ascNullsFirst(): Column { return new Column(sortOrder(this.expr, true, true)); }
  /** Ascending, nulls last. @example col('a').ascNullsLast() */
  ascNullsLast(): Column { return new Column(sortOrder(this.expr, true, false)); }
  /** Descending, nulls last. @example col('a').desc() */
  desc(): Column { return new Column(sortOrder(this.expr, false, false)); }
  /** Descending, nulls first. @example col('a').descNullsFirst() */
  descNullsFirst(): Column { return new Column(sortOrder(this.expr, false, true)); }
  /** Descending, nulls last. @example col('a').descNullsLast() */
  descNullsLast(): Column { return new Column(sortOrder(this.expr, false, false)); }

  /** Substring from 1-based `pos` of `len` characters. @example col('name').substr(1, 3) */
  substr(pos: unknown, len: unknown): Column {
    return new Column(call('substring', [this.expr, valueArg(pos, 'substr'), valueArg(len, 'substr')]));
  }

  /** True where the string starts with `other`. @example col('name').startsWith('Al') */
  startsWith(other: unknown): Column { return this.binary('startswith', other); }
  /** True where the string ends with `other`. @example col('file').endsWith('.json') */
  endsWith(other: unknown): Column { return this.binary('endswith', other); }
  /** True where the string contains `other`. @example col('name').contains('li') */
  contains(other: unknown): Column { return this.binary('contains', other); }

  /** SQL-like text of the expression, e.g. `(price * quantity) AS total`. @example String(col('a').plus(1)) // '(a + 1)' */
  toString(): string {
    return exprText(this.expr);
  }

  private binary(name: string, other: unknown): Column {
    return new Column(call(name, [this.expr, valueArg(other, name)]));
  }
}

/**
 * A function argument typed column-or-name: a string is a column name ('*' and 'data.*' are stars), a Column its expression.
 * @example columnArg('data.price') // columnRef('data.price')
 */
export function columnArg(c: ColumnOrName, functionName?: string): Expr {
  if (c instanceof Column) return c.expr;
  if (typeof c === 'string') return parseColumnOrStar(c);
  throw userError('INVALID_COLUMN_ARGUMENT', `${where(functionName)}: expected a Column or a column name, got ${describeValue(c)}`,
    { hint: 'wrap constants in lit(...), e.g. lit(5)' });
}

/**
 * A method argument in Spark's `Any` position: a Column gives its expression, anything else (string included) is a literal.
 * @example valueArg('North') // literal('North')
 */
export function valueArg(v: unknown, functionName?: string): Expr {
  if (v instanceof Column) return v.expr;
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
    throw userError('INVALID_LITERAL', `${where(functionName)}: ${describeValue(v)} cannot be used as a literal value`,
      { hint: 'use null for a SQL NULL' });
  }
  return literal(v);
}

/**
 * A Column, a column name or a literal: strings are column names, other non-Column values literals (pyspark's `ColumnOrName | float`).
 * @example toExpr('price') // columnRef('price'); toExpr(2) // literal(2)
 */
export function toExpr(c: unknown, functionName?: string): Expr {
  if (typeof c === 'string') return parseColumnOrStar(c);
  return valueArg(c, functionName);
}

/**
 * The condition of when(...): must be a Column (like pyspark); names and plain values are rejected.
 * @example conditionArg(col('a').gt(1), 'when')
 */
export function conditionArg(condition: unknown, functionName: string): Expr {
  if (condition instanceof Column) return condition.expr;
  throw userError('INVALID_COLUMN_ARGUMENT', `${where(functionName)}: the condition must be a Column, got ${describeValue(condition)}`,
    { hint: "build conditions with Column methods or expr(), e.g. col('a').gt(1) or expr('a > 1')" });
}

function where(functionName: string | undefined): string {
  return functionName === undefined ? 'Invalid argument' : `Invalid argument to ${functionName}()`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return `string '${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? `an object (${v.constructor?.name ?? 'Object'})` : `a ${typeof v}`;
}

const INFIX: Readonly<Record<string, string>> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', mod: '%', equal: '=', not_equal: '!=', eq_null_safe: '<=>',
  gt: '>', ge: '>=', lt: '<', le: '<=', and: 'AND', or: 'OR', like: 'LIKE', rlike: 'RLIKE',
};

function exprText(e: Expr): string {
  switch (e.kind) {
    case 'column': return e.nameParts.map(identifierText).join('.');
    case 'star': return [...e.qualifier.map(identifierText), '*'].join('.');
    case 'literal': return literalText(e.value);
    case 'alias': return `${exprText(e.child)} AS ${identifierText(e.name)}`;
    case 'cast': return `CAST(${exprText(e.child)} AS ${ddlTypeString(e.to)})`;
    case 'extract': return `${exprText(e.child)}[${exprText(e.key)}]`;
    case 'sortOrder': return `${exprText(e.child)} ${e.ascending ? 'ASC' : 'DESC'} NULLS ${e.nullsFirst ? 'FIRST' : 'LAST'}`;
    case 'caseWhen': {
      const branches = e.branches.map((b) => ` WHEN ${exprText(b.condition)} THEN ${exprText(b.value)}`).join('');
      return `CASE${branches}${e.otherwise === undefined ? '' : ` ELSE ${exprText(e.otherwise)}`} END`;
    }
    case 'call': return callText(e.name, e.args.map(exprText), e.distinct === true);
    default: return assertNever(e, 'expression');
  }
}

function callText(name: string, args: readonly string[], distinct: boolean): string {
  const op = INFIX[name];
  if (op !== undefined && args.length === 2) return `(${args[0]} ${op} ${args[1]})`;
  if (name === 'negative' && args.length === 1) return `(- ${args[0]})`;
  if (name === 'not' && args.length === 1) return `(NOT ${args[0]})`;
  if (name === 'isnull' && args.length === 1) return `(${args[0]} IS NULL)`;
  if (name === 'isnotnull' && args.length === 1) return `(${args[0]} IS NOT NULL)`;
  if (name === 'in' && args.length >= 1) return `(${args[0]} IN (${args.slice(1).join(', ')}))`;
  return `${name}(${distinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
}

function identifierText(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

function literalText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'NULL' : `TIMESTAMP '${v.toISOString()}'`;
  if (Array.isArray(v)) return `array(${v.map(literalText).join(', ')})`;
  if (v instanceof Map) return `map(${[...v].map(([k, x]) => `${literalText(k)}, ${literalText(x)}`).join(', ')})`;
  return String(v);
}
