// Analysis of a join condition over left ++ right columns: equi-join keys, one-side and two-side conjuncts, and the
// state watermarks (Spark's StreamingSymmetricHashJoinHelper) that let a stream-stream join evict each side's state.
//
// Columns: the condition reads left columns as 0 … L-1 and right columns as L … L+R-1. Key and one-side expressions
// are returned re-based onto their own side (right refs shifted down by L); two-side expressions keep left ++ right.
//
// State watermarks (Spark 3.5, for the symmetric hash join):
//   key rule    a join key is a watermarked column (a time or a window) on either side → on both sides, rows whose
//               key time (a window's end) is <= the watermark are evicted.
//   value rule  otherwise, for a side S whose input has a watermarked column: every conjunct `a < b` (<=, >, >=) that,
//               written as `a - b < 0`, has exactly one S timestamp term, negated, and one watermarked timestamp term of
//               the other side O (plus constants) solves to `S.t > O.t + c`; future O rows have O.t > watermark, so
//               S rows with time <= trunc(watermark + c) (minus 1 ms for <= / >=) can never match again. The smallest
//               such bound over the conjuncts applies to S's (first) watermarked column.
//   Without either rule a side's state is kept forever.
import type { DataType } from '../common/data-types.js';
import { BooleanType } from '../common/data-types.js';
import { assertNever } from '../common/errors.js';
import type { BoundExpr } from '../planner/expr/bound-expression.js';
import { isDeterministic, referencedInputs, transformUp } from '../planner/expr/bound-utils.js';
import { intervalMicrosOf } from '../planner/expr/functions/interval-functions.js';
import { renderExpression } from '../planner/expr/render-expression.js';
import type { Attribute, JoinType } from '../planner/logical/plan.js';

/** An equi-join conjunct `left = right` (or `<=>`), each side re-based onto its own input. */
export interface EquiJoinKey {
  /** Over the left input's columns. */
  readonly left: BoundExpr;
  /** Over the right input's columns (0 … R-1). */
  readonly right: BoundExpr;
  /** `<=>`: null matches null; with `=` a null key matches nothing. */
  readonly nullSafe: boolean;
}

/** A join condition taken apart; leftOnly AND rightOnly AND bothSides AND the keys is the whole condition. */
export interface JoinConditionParts {
  readonly keys: readonly EquiJoinKey[];
  /** Deterministic conjuncts reading only left columns (or none), over the left input. */
  readonly leftOnly: BoundExpr | null;
  /** Deterministic conjuncts reading only right columns, over the right input (0 … R-1). */
  readonly rightOnly: BoundExpr | null;
  /** Conjuncts reading both sides, non-deterministic ones and those after them, over left ++ right. */
  readonly bothSides: BoundExpr | null;
  /** Every conjunct that is not a key, over left ++ right (what a joined pair must satisfy besides the keys). */
  readonly residual: BoundExpr | null;
  /** The non-key conjuncts one by one, over left ++ right (Spark's otherCondition, for the state watermarks). */
  readonly otherConjuncts: readonly BoundExpr[];
}

/**
 * Splits an AND-ed condition (null: a cross join) into keys, one-side filters and the rest (Spark's ExtractEquiJoinKeys
 * followed by JoinConditionSplitPredicates).
 * @example splitJoinCondition(bound('ad_id = click_ad_id AND click_time >= imp_time'), 2).keys.length // 1
 */
export function splitJoinCondition(condition: BoundExpr | null, leftWidth: number): JoinConditionParts {
  const conjuncts = condition === null ? [] : splitConjuncts(condition);
  const keys: EquiJoinKey[] = [];
  const others: BoundExpr[] = [];
  for (const c of conjuncts) {
    const key = equiKeyOf(c, leftWidth);
    if (key) keys.push(key);
    else others.push(c);
  }
  const leftOnly: BoundExpr[] = [];
  const rightOnly: BoundExpr[] = [];
  const both: BoundExpr[] = [];
  let afterNondeterministic = false;
  for (const c of others) {
    if (!isDeterministic(c)) afterNondeterministic = true;
    const side = sideOf(c, leftWidth);
    if (afterNondeterministic || side === 'both') both.push(c);
    else if (side === 'right') rightOnly.push(shiftRefs(c, -leftWidth));
    else leftOnly.push(c);
  }
  return {
    keys,
    leftOnly: conjoin(leftOnly),
    rightOnly: conjoin(rightOnly),
    bothSides: conjoin(both),
    residual: conjoin(others),
    otherConjuncts: others,
  };
}

/**
 * The AND-ed parts of a predicate, in order.
 * @example splitConjuncts(bound('a = b AND (c > 1 AND d)')).length // 3
 */
export function splitConjuncts(e: BoundExpr): BoundExpr[] {
  if (e.kind === 'call' && e.name === 'and') return e.args.flatMap(splitConjuncts);
  return [e];
}

/**
 * The AND of predicates; null for none.
 * @example conjoin([]) // null
 */
export function conjoin(parts: readonly BoundExpr[]): BoundExpr | null {
  if (parts.length === 0) return null;
  return parts.reduce((a, b) => ({ kind: 'call', name: 'and', args: [a, b], dataType: BooleanType, nullable: a.nullable || b.nullable }));
}

/**
 * Moves every column reference by `delta` (re-basing right-side expressions onto the right input).
 * @example shiftRefs(refToColumn3, -2) // a ref to column 1
 */
export function shiftRefs(e: BoundExpr, delta: number): BoundExpr {
  if (delta === 0) return e;
  return transformUp(e, (n) => (n.kind === 'ref' ? { ...n, index: n.index + delta } : n));
}

type Side = 'none' | 'left' | 'right' | 'both';

function sideOf(e: BoundExpr, leftWidth: number): Side {
  let left = false;
  let right = false;
  for (const i of referencedInputs(e)) {
    if (i < leftWidth) left = true;
    else right = true;
  }
  if (left && right) return 'both';
  return left ? 'left' : right ? 'right' : 'none';
}

function equiKeyOf(c: BoundExpr, leftWidth: number): EquiJoinKey | undefined {
  if (c.kind !== 'call' || (c.name !== 'equal' && c.name !== 'eq_null_safe')) return undefined;
  const [a, b] = c.args as [BoundExpr, BoundExpr];
  const nullSafe = c.name === 'eq_null_safe';
  const sa = sideOf(a, leftWidth);
  const sb = sideOf(b, leftWidth);
  if (sa === 'left' && sb === 'right') return { left: a, right: shiftRefs(b, -leftWidth), nullSafe };
  if (sa === 'right' && sb === 'left') return { left: b, right: shiftRefs(a, -leftWidth), nullSafe };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// State watermarks

/** `S.t > O.t + offsetMicros` (or >= when `inclusive`) for every future row of the other side O. */
export interface RangeConstraint {
  readonly offsetMicros: number;
  readonly inclusive: boolean;
  /** The conjunct it came from, for EXPLAIN and messages. */
  readonly text: string;
}

/** How one side's state is evicted as the watermark moves. */
export type StateWatermarkRule =
  /** Rows whose join key `keyOrdinal` (a time, or a window's end) is <= the watermark. */
  | { readonly kind: 'key'; readonly keyOrdinal: number }
  /** Rows whose column `column` (side-local, the side's watermarked column) is <= stateWatermarkMs(rule, watermark). */
  | { readonly kind: 'value'; readonly column: number; readonly constraints: readonly RangeConstraint[] };

export interface JoinStateWatermarks {
  readonly left: StateWatermarkRule | null;
  readonly right: StateWatermarkRule | null;
}

/**
 * The eviction rule of each side (see the header; Spark's getStateWatermarkPredicates).
 * @example joinStateWatermarks(parts, impressions.output, clicks.output).left // { kind: 'value', column: 1, … }
 */
export function joinStateWatermarks(parts: JoinConditionParts, left: readonly Attribute[], right: readonly Attribute[]): JoinStateWatermarks {
  const keyOrdinal = watermarkKeyOrdinal(parts.keys, left, right);
  if (keyOrdinal !== undefined) return { left: { kind: 'key', keyOrdinal }, right: { kind: 'key', keyOrdinal } };
  const valueRule = (state: 'left' | 'right'): StateWatermarkRule | null => {
    const attrs = state === 'left' ? left : right;
    const column = watermarkColumn(attrs);
    if (column === undefined) return null;
    const constraints = stateRangeConstraints(parts, state, left, right);
    return constraints.length === 0 ? null : { kind: 'value', column, constraints };
  };
  return { left: valueRule('left'), right: valueRule('right') };
}

/**
 * The state watermark (ms) of a value rule: rows at or before it are evicted. Spark's arithmetic: the bound is
 * watermark·1000 + offset µs, divided by 1000 and truncated, minus 1 ms for an inclusive comparison.
 * @example stateWatermarkMs(ruleOf('click_time <= imp_time + INTERVAL 1 MINUTE'), 90_000) // 29_999
 */
export function stateWatermarkMs(rule: Extract<StateWatermarkRule, { kind: 'value' }>, watermarkMs: number): number {
  let bound = Number.POSITIVE_INFINITY;
  for (const c of rule.constraints) {
    const value = Math.trunc((watermarkMs * 1000 + c.offsetMicros) / 1000) - (c.inclusive ? 1 : 0);
    if (value < bound) bound = value;
  }
  return bound;
}

/**
 * The index of a side's first watermarked column (its event time for late rows and value eviction).
 * @example watermarkColumn(impressions.output) // 1 (imp_time)
 */
export function watermarkColumn(attrs: readonly Attribute[]): number | undefined {
  const i = attrs.findIndex((a) => a.watermarkDelayMs !== undefined);
  return i < 0 ? undefined : i;
}

/**
 * The first join key that is a watermarked column, on the left keys first, then the right ones (Spark's order).
 * @example watermarkKeyOrdinal(splitJoinCondition(bound('l.window = r.window'), 2).keys, left, right) // 0
 */
export function watermarkKeyOrdinal(keys: readonly EquiJoinKey[], left: readonly Attribute[], right: readonly Attribute[]): number | undefined {
  const watermarked = (e: BoundExpr, attrs: readonly Attribute[]) => e.kind === 'ref' && attrs[e.index]?.watermarkDelayMs !== undefined;
  const l = keys.findIndex((k) => watermarked(k.left, left));
  if (l >= 0) return l;
  const r = keys.findIndex((k) => watermarked(k.right, right));
  return r >= 0 ? r : undefined;
}

/**
 * The range constraints on the time of `state`'s rows from the non-key conjuncts (Spark's getStateValueWatermark);
 * they need a watermark on the other side's time column, not on the state side.
 * @example stateRangeConstraints(parts, 'left', left, right)[0] // { offsetMicros: -60_000_000, inclusive: true, … }
 */
export function stateRangeConstraints(parts: JoinConditionParts, state: 'left' | 'right', left: readonly Attribute[], right: readonly Attribute[]): RangeConstraint[] {
  const out: RangeConstraint[] = [];
  for (const c of parts.otherConjuncts) {
    if (c.kind !== 'call' || c.args.length !== 2) continue;
    const [a, b] = c.args as [BoundExpr, BoundExpr];
    let solved: number | undefined;
    let inclusive = false;
    switch (c.name) {
      case 'lt': solved = solveLessThan(a, b, state, left, right); break;
      case 'le': solved = solveLessThan(a, b, state, left, right); inclusive = true; break;
      case 'gt': solved = solveLessThan(b, a, state, left, right); break;
      case 'ge': solved = solveLessThan(b, a, state, left, right); inclusive = true; break;
      default: break;
    }
    if (solved !== undefined) out.push({ offsetMicros: solved, inclusive, text: renderExpression(c) });
  }
  return out;
}

/** One additive term of `a - b`: a column of left ++ right, or a constant in µs. */
interface Term {
  readonly column?: number;
  readonly micros: number;
  readonly negated: boolean;
}

/**
 * For `a < b`: when it reads as `O.t + c < S.t` (S.t the only state-side column, O.t the only other-side column and
 * watermarked), returns c in µs; otherwise undefined.
 */
function solveLessThan(a: BoundExpr, b: BoundExpr, state: 'left' | 'right', left: readonly Attribute[], right: readonly Attribute[]): number | undefined {
  const leftWidth = left.length;
  const isState = (i: number) => (state === 'left' ? i < leftWidth : i >= leftWidth);
  const attrOf = (i: number): Attribute => (i < leftWidth ? left[i]! : right[i - leftWidth]!);
  const columns = [...referencedInputs(a), ...referencedInputs(b)];
  const stateColumns = new Set(columns.filter(isState));
  const otherColumns = new Set(columns.filter((i) => !isState(i)));
  if (stateColumns.size > 1 || otherColumns.size > 1) return undefined;
  const terms: Term[] = [];
  if (!collectTerms(a, false, terms) || !collectTerms(b, true, terms)) return undefined;
  const constraint = terms.filter((t) => t.column !== undefined && isState(t.column) && attrOf(t.column).dataType.kind === 'timestamp');
  if (constraint.length !== 1 || !constraint[0]!.negated) return undefined;
  let offset = 0;
  let otherTerms = 0;
  for (const t of terms) {
    if (t === constraint[0]) continue;
    if (t.column === undefined) {
      offset += t.negated ? -t.micros : t.micros;
      continue;
    }
    const attr = attrOf(t.column);
    // only the other side's watermarked timestamp can be replaced by the watermark; a negated one bounds nothing
    if (isState(t.column) || attr.dataType.kind !== 'timestamp' || attr.watermarkDelayMs === undefined || t.negated) return undefined;
    otherTerms++;
  }
  return otherTerms === 1 ? offset : undefined;
}

/** Flattens sums and differences of timestamp columns and intervals into terms; false when something else appears. */
function collectTerms(e: BoundExpr, negate: boolean, out: Term[]): boolean {
  switch (e.kind) {
    case 'ref':
      out.push({ column: e.index, micros: 0, negated: negate });
      return true;
    case 'literal':
      if (e.dataType.kind !== 'timestamp' || typeof e.value !== 'number') return false;
      out.push({ micros: e.value, negated: negate });
      return true;
    case 'cast':
      return isTimeType(e.dataType) && isTimeType(e.child.dataType) && collectTerms(e.child, negate, out);
    case 'call':
      if ((e.name === 'add' || e.name === 'subtract') && e.dataType.kind === 'timestamp') {
        return collectOperand(e.args[0]!, negate, out) && collectOperand(e.args[1]!, e.name === 'subtract' ? !negate : negate, out);
      }
      return false;
    default:
      return false;
  }
}

/** An operand of TIMESTAMP ± INTERVAL: the interval (a resolved interval call or its folded BIGINT literal, in µs) or a time. */
function collectOperand(e: BoundExpr, negate: boolean, out: Term[]): boolean {
  if (e.dataType.kind !== 'long') return collectTerms(e, negate, out);
  const micros = intervalMicrosOf(e);
  if (micros === undefined) return false;
  out.push({ micros, negated: negate });
  return true;
}

function isTimeType(t: DataType): boolean {
  return t.kind === 'timestamp';
}

// ---------------------------------------------------------------------------------------------------------------
// Inferred not-null columns

/** Calls that give null whenever an argument is null (Spark's NullIntolerant), as far as join conditions go. */
const NULL_INTOLERANT = new Set(['equal', 'not_equal', 'gt', 'ge', 'lt', 'le', 'add', 'subtract', 'multiply', 'divide', 'mod', 'negative', 'not']);

/**
 * Columns (of left ++ right) that must be non-null for the condition to hold: the columns under null-intolerant
 * operators of each conjunct (Spark's InferFiltersFromConstraints adds `isnotnull` filters on them below the join).
 * @example notNullColumns(bound('ad_id = click_ad_id AND click_time >= imp_time')) // Set {0, 2, 3, 1}
 */
export function notNullColumns(condition: BoundExpr | null): Set<number> {
  const out = new Set<number>();
  const scan = (e: BoundExpr): void => {
    if (e.kind === 'ref') out.add(e.index);
    else if (e.kind === 'cast') scan(e.child);
    else if (e.kind === 'call' && NULL_INTOLERANT.has(e.name)) e.args.forEach(scan);
  };
  if (condition !== null) splitConjuncts(condition).forEach(scan);
  return out;
}

/**
 * The sides a join keeps rows of when they match nothing (and so never filters for not-null keys).
 * @example preservedSides('left_outer') // { left: true, right: false }
 */
export function preservedSides(joinType: JoinType): { readonly left: boolean; readonly right: boolean } {
  switch (joinType) {
    case 'left_outer': case 'left_anti': return { left: true, right: false };
    case 'right_outer': return { left: false, right: true };
    case 'full_outer': return { left: true, right: true };
    case 'inner': case 'cross': case 'left_semi': return { left: false, right: false };
    default: return assertNever(joinType, 'join type');
  }
}
