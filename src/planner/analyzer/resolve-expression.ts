// Name resolution and typing: unresolved Expr + the input's attributes → BoundExpr (case-insensitive like Spark).
import { BooleanType, IntegerType, StringType, StructField, StructType, simpleString } from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import { assertNever, userError } from '../../common/errors.js';
import type { SourceSpan } from '../../common/errors.js';
import { boundLiteral } from '../expr/bound-expression.js';
import type { BoundExpr, NamedExpr } from '../expr/bound-expression.js';
import type { CallExpr, Expr } from '../expr/expression.js';
import { editDistance, lookupFunction, unknownFunctionError } from '../expr/function-catalog.js';
import { renderExpression } from '../expr/render-expression.js';
import { canCast, castError, coerceTo, inferLiteralType, toLiteralValue, widerType } from '../expr/type-coercion.js';
import type { Attribute } from '../logical/plan.js';
import '../expr/functions/all-functions.js';

/** What expressions are resolved against. */
export interface ResolveScope {
  readonly input: readonly Attribute[];
  readonly timeZone: string;
  /** Whether aggregate functions may appear (inside groupBy().agg()). */
  readonly allowAggregates?: boolean;
}

/** Resolves one expression; aliases are not allowed here (use resolveNamed). */
export function resolveExpression(expr: Expr, scope: ResolveScope): BoundExpr {
  switch (expr.kind) {
    case 'column': return resolveColumn(expr.nameParts, scope, expr.span);
    case 'star': throw userError('INVALID_STAR', `'${[...expr.qualifier, '*'].join('.')}' can only be used in a select list`, { span: expr.span });
    case 'literal': {
      const type = expr.dataType ?? inferLiteralType(expr.value);
      return boundLiteral(expr.value === undefined ? null : toLiteralValue(expr.value, type), type);
    }
    case 'alias': return resolveExpression(expr.child, scope);
    case 'call': return resolveCall(expr, scope);
    case 'cast': {
      const child = resolveExpression(expr.child, scope);
      if (!canCast(child.dataType, expr.to)) throw castError(child.dataType, expr.to, expr.span);
      return coerceTo(child, expr.to);
    }
    case 'caseWhen': return resolveCaseWhen(expr, scope);
    case 'extract': return resolveExtract(resolveExpression(expr.child, scope), expr.key, scope, expr.span);
    case 'sortOrder': throw userError('INVALID_SORT_ORDER', 'asc()/desc() can only be used in orderBy/sort');
    default: return assertNever(expr, 'expression');
  }
}

/** Resolves a select list: stars expand, aliases name their column, other expressions get Spark's generated name. */
export function resolveNamed(exprs: readonly Expr[], scope: ResolveScope): NamedExpr[] {
  const out: NamedExpr[] = [];
  for (const e of exprs) {
    if (e.kind === 'star') {
      out.push(...expandStar(e.qualifier, scope, e.span));
      continue;
    }
    const bound = resolveExpression(e, scope);
    out.push({ name: nameOf(e, bound), expr: bound });
  }
  return out;
}

/** The output name Spark gives an expression: its alias, the last part of a column name, a field name, or its SQL text. */
export function nameOf(e: Expr, bound: BoundExpr): string {
  if (e.kind === 'alias') return e.name;
  if (e.kind === 'column') return bound.kind === 'ref' ? bound.name : e.nameParts[e.nameParts.length - 1]!;
  if (e.kind === 'extract' && bound.kind === 'getField') return bound.name;
  return renderExpression(bound);
}

function resolveColumn(parts: readonly string[], scope: ResolveScope, span?: SourceSpan): BoundExpr {
  const matches = matchAttribute(parts, scope.input);
  if (matches.length > 1) {
    throw userError('AMBIGUOUS_REFERENCE', `Reference '${parts.join('.')}' is ambiguous, could be: ${matches.map((m) => describeAttribute(scope.input[m.index]!)).join(', ')}`, { span });
  }
  if (matches.length === 0) throw unresolvedColumn(parts.join('.'), scope.input, span);
  const { index, rest } = matches[0]!;
  const a = scope.input[index]!;
  let bound: BoundExpr = { kind: 'ref', index, name: a.name, dataType: a.dataType, nullable: a.nullable };
  for (const field of rest) bound = getField(bound, field, span);
  return bound;
}

/** Attribute candidates for a multi-part name: `qualifier.column.fields…` or `column.fields…`. */
function matchAttribute(parts: readonly string[], input: readonly Attribute[]): { index: number; rest: readonly string[] }[] {
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (parts.length >= 2) {
    const qualified = input.flatMap((a, index) => (a.qualifier !== undefined && eq(a.qualifier, parts[0]!) && eq(a.name, parts[1]!) ? [{ index, rest: parts.slice(2) }] : []));
    if (qualified.length > 0) return qualified;
  }
  const exact = input.flatMap((a, index) => (a.name === parts[0] ? [{ index, rest: parts.slice(1) }] : []));
  if (exact.length > 0) return exact;
  return input.flatMap((a, index) => (eq(a.name, parts[0]!) ? [{ index, rest: parts.slice(1) }] : []));
}

function describeAttribute(a: Attribute): string {
  return a.qualifier ? `${a.qualifier}.${a.name}` : a.name;
}

/** "Column 'x' does not exist" naming the available columns and the closest ones. */
export function unresolvedColumn(name: string, input: readonly Attribute[], span?: SourceSpan) {
  const names = input.map(describeAttribute);
  const last = name.toLowerCase();
  const near = names.filter((n) => editDistance(n.toLowerCase(), last) <= 2);
  return userError('UNRESOLVED_COLUMN', `Column '${name}' does not exist. Available columns: ${names.length > 0 ? names.join(', ') : '(none)'}`, {
    span,
    hint: near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : undefined,
  });
}

function getField(child: BoundExpr, name: string, span?: SourceSpan): BoundExpr {
  if (child.dataType.kind !== 'struct') {
    throw userError('INVALID_EXTRACT', `Cannot get field '${name}' from '${renderExpression(child)}' of type ${simpleString(child.dataType)}: only STRUCT columns have fields`, { span });
  }
  const index = child.dataType.indexOf(name);
  if (index < 0) {
    throw userError('NO_SUCH_STRUCT_FIELD', `No such struct field '${name}' in ${child.dataType.fieldNames.join(', ')}`, { span });
  }
  const field = child.dataType.fields[index]!;
  return { kind: 'getField', child, fieldIndex: index, name: field.name, dataType: field.dataType, nullable: field.nullable || child.nullable };
}

function resolveExtract(child: BoundExpr, key: Expr, scope: ResolveScope, span?: SourceSpan): BoundExpr {
  const t = child.dataType;
  if (t.kind === 'struct') {
    if (key.kind !== 'literal' || typeof key.value !== 'string') {
      throw userError('INVALID_EXTRACT', `Field name for struct '${renderExpression(child)}' must be a string literal`, { span });
    }
    return getField(child, key.value, span);
  }
  const boundKey = resolveExpression(key, scope);
  if (t.kind === 'array') {
    return { kind: 'call', name: 'get_array_item', args: [child, coerceTo(boundKey, IntegerType)], dataType: t.elementType, nullable: true };
  }
  if (t.kind === 'map') {
    return { kind: 'call', name: 'get_map_value', args: [child, coerceTo(boundKey, t.keyType)], dataType: t.valueType, nullable: true };
  }
  throw userError('INVALID_EXTRACT', `Cannot extract a value from '${renderExpression(child)}' of type ${simpleString(t)}: need a STRUCT, ARRAY or MAP`, { span });
}

function expandStar(qualifier: readonly string[], scope: ResolveScope, span?: SourceSpan): NamedExpr[] {
  const refs = scope.input.map((a, index): BoundExpr => ({ kind: 'ref', index, name: a.name, dataType: a.dataType, nullable: a.nullable }));
  if (qualifier.length === 0) return refs.map((r) => ({ name: (r as { name: string }).name, expr: r }));
  // `t.*` over a qualifier, else `data.*` over a struct column
  if (qualifier.length === 1) {
    const q = qualifier[0]!.toLowerCase();
    const byQualifier = refs.filter((_, i) => scope.input[i]!.qualifier?.toLowerCase() === q);
    if (byQualifier.length > 0) return byQualifier.map((r) => ({ name: (r as { name: string }).name, expr: r }));
  }
  const target = resolveColumn(qualifier, scope, span);
  if (target.dataType.kind !== 'struct') {
    throw userError('INVALID_STAR', `Can only star expand struct data types. Attribute '${qualifier.join('.')}' has type ${simpleString(target.dataType)}`, { span });
  }
  return target.dataType.fields.map((f) => ({ name: f.name, expr: getField(target, f.name, span) }));
}

function resolveCaseWhen(expr: Extract<Expr, { kind: 'caseWhen' }>, scope: ResolveScope): BoundExpr {
  const conditions = expr.branches.map((b) => requireBoolean(resolveExpression(b.condition, scope), 'CASE WHEN condition'));
  const values = expr.branches.map((b) => resolveExpression(b.value, scope));
  const otherwise = expr.otherwise ? resolveExpression(expr.otherwise, scope) : boundLiteral(null, values[0]?.dataType ?? StringType);
  let type: DataType | undefined = otherwise.dataType;
  for (const v of values) {
    const w: DataType | undefined = type === undefined ? undefined : widerType(type, v.dataType);
    if (w === undefined) {
      throw userError('DATATYPE_MISMATCH', `CASE WHEN branches have incompatible types: ${values.map((x) => simpleString(x.dataType)).join(', ')}${expr.otherwise ? `, ${simpleString(otherwise.dataType)}` : ''}`);
    }
    type = w;
  }
  const resultType = type!;
  return {
    kind: 'caseWhen',
    branches: conditions.map((condition, i) => ({ condition, value: coerceTo(values[i]!, resultType) })),
    otherwise: coerceTo(otherwise, resultType),
    dataType: resultType,
    nullable: true,
  };
}

/** Checks that a predicate is BOOLEAN (a null literal is retyped). */
export function requireBoolean(e: BoundExpr, what: string): BoundExpr {
  if (e.dataType.kind === 'boolean') return e;
  if (e.dataType.kind === 'null') return coerceTo(e, BooleanType);
  throw userError('DATATYPE_MISMATCH', `${what} '${renderExpression(e)}' must be of type BOOLEAN, but it is ${simpleString(e.dataType).toUpperCase()}`);
}

const AGGREGATES_MESSAGE = 'is an aggregate function: use it inside groupBy(...).agg(...)';

function resolveCall(expr: CallExpr, scope: ResolveScope): BoundExpr {
  const sig = lookupFunction(expr.name);
  if (!sig) throw unknownFunctionError(expr.name, expr.span);
  if (sig.kind === 'aggregate' && !scope.allowAggregates) {
    throw userError('AGGREGATE_NOT_ALLOWED', `${sig.name}() ${AGGREGATES_MESSAGE}`, { span: expr.span });
  }
  // count(*) counts rows: Spark turns it into count(1); in other functions `*` and `t.*` stand for the columns they
  // expand to (struct(*), to_json(struct(*)), concat(t.*)), named as in a select list
  const argScope = sig.kind === 'aggregate' ? { ...scope, allowAggregates: false } : scope;
  const named: NamedExpr[] = [];
  expr.args.forEach((a, i) => {
    if (a.kind === 'star' && sig.kind === 'aggregate') named.push({ name: `col${i + 1}`, expr: resolveExpression({ kind: 'literal', value: 1 }, argScope) });
    else if (a.kind === 'star') named.push(...expandStar(a.qualifier, scope, a.span));
    else {
      // aggregates may wrap scalar functions and scalar functions may wrap aggregates (round(avg(x), 2)), but not nested aggregates
      const bound = resolveExpression(a, argScope);
      named.push({ name: structFieldName(a, bound, named.length), expr: bound });
    }
  });
  const n = named.length;
  if (n < sig.minArgs || n > sig.maxArgs) {
    const expected = sig.minArgs === sig.maxArgs ? `${sig.minArgs}` : sig.maxArgs === Infinity ? `at least ${sig.minArgs}` : `${sig.minArgs} to ${sig.maxArgs}`;
    throw userError('WRONG_NUM_ARGS', `Function ${sig.name} takes ${expected} argument${expected === '1' ? '' : 's'}, but ${n} ${n === 1 ? 'was' : 'were'} given`, { span: expr.span });
  }
  const args = named.map((a) => a.expr);
  const resolved = sig.resolve(args, { timeZone: scope.timeZone, span: expr.span, functionName: sig.name });
  let dataType = resolved.dataType;
  if (sig.name === 'struct') dataType = new StructType(named.map((a) => new StructField(a.name, a.expr.dataType, a.expr.nullable)));
  return { kind: 'call', name: sig.name, args: resolved.args, dataType, nullable: resolved.nullable, distinct: expr.distinct, options: resolved.options };
}

/** struct(a, b.c, x AS y) names its fields a, c, y; others col1, col2… like Spark. */
function structFieldName(e: Expr, bound: BoundExpr, i: number): string {
  if (e.kind === 'alias') return e.name;
  if (bound.kind === 'ref' || bound.kind === 'getField') return bound.name;
  return `col${i + 1}`;
}
