// Builder of the stateful parts of plans: watermarks, windows, aggregations, deduplication, joins, sort and limit.
import { BooleanType, StructField, StructType, TimestampType, simpleString } from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import { parseDuration } from '../../common/duration.js';
import { userError } from '../../common/errors.js';
import { requireBoolean, resolveExpression, nameOf, unresolvedColumn } from '../analyzer/resolve-expression.js';
import type { BoundCall, BoundExpr, NamedExpr } from '../expr/bound-expression.js';
import type { Expr, SortOrderExpr } from '../expr/expression.js';
import { lookupFunction } from '../expr/function-catalog.js';
import { renderExpression } from '../expr/render-expression.js';
import type { PlanContext } from './builder.js';
import { columnIndex, projectNamed } from './builder.js';
import type {
  Aggregate, AggregateCall, Attribute, Deduplicate, EventTimeWatermark, Join, JoinType, Limit, LogicalPlan, Sort, TimeWindow, WindowSpec,
} from './plan.js';

/** The struct type of window / session_window columns. */
export const WINDOW_TYPE = new StructType([new StructField('start', TimestampType, true), new StructField('end', TimestampType, true)]);

/** withWatermark(eventTime, delay) */
export function watermark(child: LogicalPlan, column: string, delay: string): EventTimeWatermark {
  const index = columnIndex(child, column);
  const attr = child.output[index]!;
  if (attr.dataType.kind !== 'timestamp' && !isWindowStruct(attr.dataType)) {
    throw userError('EVENT_TIME_NOT_TIMESTAMP', `Event time must be defined on a window or a timestamp, but ${attr.name} is of type ${simpleString(attr.dataType)}`, {
      hint: `cast it first, e.g. withColumn('${attr.name}', col('${attr.name}').cast('timestamp'))`,
    });
  }
  const delayMs = parseDuration(delay, 'watermark delay');
  if (delayMs < 0) throw userError('INVALID_WATERMARK_DELAY', `Watermark delay must not be negative: '${delay}'`);
  const output = child.output.map((a, i) => (i === index ? { ...a, watermarkDelayMs: delayMs } : a));
  return { kind: 'watermark', child, eventTimeIndex: index, delayMs, output };
}

function isWindowStruct(t: DataType): boolean {
  return t.kind === 'struct' && t.fields.length === 2 && t.fields[0]!.name === 'start' && t.fields[1]!.name === 'end';
}

/** Strips aliases and spans so two unresolved expressions can be compared structurally. */
function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === 'span' ? undefined : v instanceof Map ? [...v.entries()] : v));
}

function unalias(e: Expr): { expr: Expr; alias?: string } {
  return e.kind === 'alias' ? { expr: e.child, alias: e.name } : { expr: e };
}

function literalText(e: Expr | undefined, what: string): string | undefined {
  if (e === undefined) return undefined;
  if (e.kind === 'literal' && typeof e.value === 'string') return e.value;
  if (e.kind === 'call' && e.name === 'interval' && e.args[0]?.kind === 'literal') return String(e.args[0].value);
  throw userError('INVALID_WINDOW', `The ${what} of a window must be a string literal such as '1 minute'`);
}

/** Adds a window column for a window(...)/session_window(...) grouping key. */
function timeWindow(child: LogicalPlan, call: Extract<Expr, { kind: 'call' }>, name: string, ctx: PlanContext): TimeWindow {
  const time = resolveExpression(call.args[0]!, { input: child.output, timeZone: ctx.timeZone });
  if (time.kind !== 'ref' || (time.dataType.kind !== 'timestamp')) {
    throw userError('INVALID_WINDOW', `The time column of ${call.name}() must be a TIMESTAMP column, but '${renderExpression(time)}' is ${simpleString(time.dataType)}`, { span: call.span });
  }
  let spec: WindowSpec;
  if (call.name === 'session_window') {
    const gapMs = parseDuration(literalText(call.args[1], 'gap duration')!, 'session gap');
    if (gapMs <= 0) throw userError('INVALID_WINDOW', `The gap duration of session_window must be positive, got ${gapMs} ms`, { span: call.span });
    spec = { type: 'session', gapMs };
  } else {
    const sizeMs = parseDuration(literalText(call.args[1], 'duration')!, 'window duration');
    const slideMs = parseDuration(literalText(call.args[2], 'slide duration') ?? literalText(call.args[1], 'duration')!, 'slide duration');
    const startMs = parseDuration(literalText(call.args[3], 'start time') ?? '0 seconds', 'window start time');
    if (sizeMs <= 0 || slideMs <= 0) throw userError('INVALID_WINDOW', 'The window duration and slide duration must be positive', { span: call.span });
    if (slideMs > sizeMs) {
      throw userError('INVALID_WINDOW', `The slide duration (${slideMs} ms) must be less than or equal to the windowDuration (${sizeMs} ms)`, { span: call.span });
    }
    if (Math.abs(startMs) >= slideMs) {
      throw userError('INVALID_WINDOW', `The absolute value of start time (${startMs} ms) must be less than the slideDuration (${slideMs} ms)`, { span: call.span });
    }
    spec = { type: 'sliding', sizeMs, slideMs, startMs };
  }
  const timeAttr = child.output[time.index]!;
  const windowAttr: Attribute = { name, dataType: WINDOW_TYPE, nullable: false, watermarkDelayMs: timeAttr.watermarkDelayMs };
  return { kind: 'timeWindow', child, timeIndex: time.index, spec, output: [...child.output, windowAttr] };
}

/**
 * groupBy(groupings).agg(outputs): outputs may use the grouping expressions and aggregate calls;
 * the result is Aggregate(keys, calls) with a Project on top computing the outputs.
 */
export function aggregate(child: LogicalPlan, groupingExprs: readonly Expr[], outputExprs: readonly Expr[], ctx: PlanContext): LogicalPlan {
  let input = child;
  const groupingNames: string[] = [];
  const groupingKeys = new Map<string, string>();
  let sessionWindowKey: number | undefined;
  const windowCalls = groupingExprs.filter((g) => { const u = unalias(g).expr; return u.kind === 'call' && (u.name === 'window' || u.name === 'session_window'); });
  if (windowCalls.length > 1) {
    throw userError('MULTIPLE_TIME_WINDOWS', 'Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported');
  }
  const resolved: NamedExpr[] = [];
  for (const g of groupingExprs) {
    const { expr, alias } = unalias(g);
    if (expr.kind === 'call' && (expr.name === 'window' || expr.name === 'session_window')) {
      const name = alias ?? expr.name;
      input = timeWindow(input, expr, name, ctx);
      const index = input.output.length - 1;
      if (expr.name === 'session_window') sessionWindowKey = resolved.length;
      resolved.push({ name, expr: { kind: 'ref', index, name, dataType: WINDOW_TYPE, nullable: false } });
    } else {
      const bound = resolveExpression(expr, { input: input.output, timeZone: ctx.timeZone });
      resolved.push({ name: alias ?? nameOf(expr, bound), expr: bound });
    }
    groupingKeys.set(exprKey(expr), resolved[resolved.length - 1]!.name);
    groupingNames.push(resolved[resolved.length - 1]!.name);
  }
  // grouping keys move to refs into the new input (the window column is already a ref)
  const groupingsBound = resolved.map((r) => r.expr);
  const groupingJson = groupingsBound.map((b) => JSON.stringify(b));
  const aggregates: AggregateCall[] = [];
  const scope = { input: input.output, timeZone: ctx.timeZone, allowAggregates: true };
  const finalExprs: NamedExpr[] = outputExprs.map((o) => {
    const { expr, alias } = unalias(o);
    const groupName = groupingKeys.get(exprKey(expr));
    if (groupName !== undefined) {
      const k = groupingNames.indexOf(groupName);
      const key = groupingsBound[k]!;
      return { name: alias ?? groupName, expr: { kind: 'ref', index: k, name: groupName, dataType: key.dataType, nullable: key.nullable } };
    }
    const bound = resolveExpression(expr, scope);
    const rewritten = transformTopDown(bound, (node) => {
      const g = groupingJson.indexOf(JSON.stringify(node));
      if (g >= 0) return { kind: 'ref', index: g, name: groupingNames[g]!, dataType: node.dataType, nullable: node.nullable };
      if (node.kind === 'call' && lookupFunction(node.name)?.kind === 'aggregate') {
        const text = renderExpression(node);
        let slot = aggregates.findIndex((a) => JSON.stringify(a.call) === JSON.stringify(node));
        if (slot < 0) {
          aggregates.push({ name: text, call: node as BoundCall });
          slot = aggregates.length - 1;
        }
        return { kind: 'ref', index: resolved.length + slot, name: text, dataType: node.dataType, nullable: node.nullable };
      }
      if (node.kind === 'ref') {
        throw userError('MISSING_AGGREGATION', `The expression '${node.name}' is neither present in the group by, nor is it an aggregate function`, {
          hint: `add it to groupBy(...), or wrap it in an aggregate such as first(${node.name})`,
        });
      }
      return undefined;
    });
    return { name: alias ?? nameOf(expr, bound), expr: rewritten };
  });
  const output: Attribute[] = [
    ...resolved.map((r): Attribute => {
      const passthrough = r.expr.kind === 'ref' ? input.output[r.expr.index] : undefined;
      return { name: r.name, dataType: r.expr.dataType, nullable: r.expr.nullable, watermarkDelayMs: passthrough?.watermarkDelayMs };
    }),
    ...aggregates.map((a): Attribute => ({ name: a.name, dataType: a.call.dataType, nullable: a.call.nullable })),
  ];
  const agg: Aggregate = { kind: 'aggregate', child: input, groupings: resolved, aggregates, sessionWindowKey, output };
  return projectNamed(agg, finalExprs);
}

/** Rewrites top-down: `fn` returns a replacement (children not visited) or undefined to descend. */
function transformTopDown(e: BoundExpr, fn: (node: BoundExpr) => BoundExpr | undefined): BoundExpr {
  const replaced = fn(e);
  return replaced !== undefined ? replaced : rebuild(e, fn);
}

function rebuild(e: BoundExpr, fn: (node: BoundExpr) => BoundExpr | undefined): BoundExpr {
  switch (e.kind) {
    case 'ref': case 'literal': return e;
    case 'call': return { ...e, args: e.args.map((a) => transformTopDown(a, fn)) };
    case 'cast': case 'getField': return { ...e, child: transformTopDown(e.child, fn) };
    case 'caseWhen': return {
      ...e,
      branches: e.branches.map((b) => ({ condition: transformTopDown(b.condition, fn), value: transformTopDown(b.value, fn) })),
      otherwise: transformTopDown(e.otherwise, fn),
    };
  }
}

/** dropDuplicates(columns) (all columns when none given) and dropDuplicatesWithinWatermark(columns). */
export function deduplicate(child: LogicalPlan, columns: readonly string[] | undefined, withinWatermark: boolean): Deduplicate {
  const keyIndices = columns === undefined || columns.length === 0 ? child.output.map((_, i) => i) : columns.map((c) => columnIndex(child, c));
  if (withinWatermark && !child.output.some((a) => a.watermarkDelayMs !== undefined)) {
    throw userError('WATERMARK_REQUIRED', 'dropDuplicatesWithinWatermark needs a watermark: call withWatermark(eventTime, delay) before it');
  }
  return { kind: 'deduplicate', child, keyIndices: [...new Set(keyIndices)], withinWatermark, output: child.output };
}

/** join(right, condition | using columns, type) */
export function join(left: LogicalPlan, right: LogicalPlan, joinType: JoinType, on: Expr | readonly string[] | undefined, ctx: PlanContext): LogicalPlan {
  const combined = [...left.output, ...right.output];
  if (on === undefined) {
    if (joinType !== 'cross' && joinType !== 'inner') throw userError('JOIN_CONDITION_REQUIRED', `A ${joinType} join needs a join condition`);
    return { kind: 'join', left, right, joinType: 'cross', condition: null, output: joinOutput(left, right, 'cross') };
  }
  if (Array.isArray(on)) {
    const names = on as readonly string[];
    // USING columns: equality per name, and the name appears once in the output (from the left, or right for right joins)
    const conditions = names.map((name): BoundExpr => {
      const li = left.output.findIndex((a) => a.name.toLowerCase() === name.toLowerCase());
      const ri = right.output.findIndex((a) => a.name.toLowerCase() === name.toLowerCase());
      if (li < 0) throw unresolvedColumn(name, left.output);
      if (ri < 0) throw unresolvedColumn(name, right.output);
      const l = left.output[li]!;
      const r = right.output[ri]!;
      return {
        kind: 'call', name: 'equal', dataType: BooleanType, nullable: true,
        args: [{ kind: 'ref', index: li, name: l.name, dataType: l.dataType, nullable: l.nullable }, { kind: 'ref', index: left.output.length + ri, name: r.name, dataType: r.dataType, nullable: r.nullable }],
      };
    });
    const condition = conditions.reduce((a, b) => ({ kind: 'call', name: 'and', args: [a, b], dataType: BooleanType, nullable: true }));
    const plan: Join = { kind: 'join', left, right, joinType, condition, output: joinOutput(left, right, joinType) };
    if (joinType === 'left_semi' || joinType === 'left_anti') return plan;
    const rightUsing = new Set(names.map((n) => left.output.length + right.output.findIndex((a) => a.name.toLowerCase() === n.toLowerCase())));
    const keep = combined.map((a, i) => ({ a, i })).filter(({ i }) => !rightUsing.has(i));
    return projectNamed(plan, keep.map(({ a, i }) => ({ name: a.name, expr: { kind: 'ref', index: i, name: a.name, dataType: a.dataType, nullable: plan.output[i]!.nullable } })));
  }
  const bound = requireBoolean(resolveExpression(on as Expr, { input: combined, timeZone: ctx.timeZone }), 'Join condition');
  return { kind: 'join', left, right, joinType, condition: bound, output: joinOutput(left, right, joinType) };
}

function joinOutput(left: LogicalPlan, right: LogicalPlan, joinType: JoinType): Attribute[] {
  if (joinType === 'left_semi' || joinType === 'left_anti') return [...left.output];
  const leftNullable = joinType === 'right_outer' || joinType === 'full_outer';
  const rightNullable = joinType === 'left_outer' || joinType === 'full_outer';
  return [
    ...left.output.map((a) => (leftNullable ? { ...a, nullable: true } : a)),
    ...right.output.map((a) => (rightNullable ? { ...a, nullable: true } : a)),
  ];
}

/** orderBy / sort */
export function sort(child: LogicalPlan, orders: readonly Expr[], ctx: PlanContext): Sort {
  const keys = orders.map((o) => {
    const order: SortOrderExpr = o.kind === 'sortOrder' ? o : { kind: 'sortOrder', child: o, ascending: true, nullsFirst: true };
    const expr = resolveExpression(order.child, { input: child.output, timeZone: ctx.timeZone });
    if (expr.dataType.kind === 'map') throw userError('DATATYPE_MISMATCH', `Cannot sort by '${renderExpression(expr)}' of type ${simpleString(expr.dataType)}`);
    return { expr, ascending: order.ascending, nullsFirst: order.nullsFirst };
  });
  return { kind: 'sort', child, keys, output: child.output };
}

/** limit(n) */
export function limit(child: LogicalPlan, n: number): Limit {
  if (!Number.isInteger(n) || n < 0) throw userError('INVALID_LIMIT', `The limit must be a non-negative integer, got ${n}`);
  return { kind: 'limit', child, limit: n, output: child.output };
}
