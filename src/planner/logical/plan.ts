// Logical plan nodes: resolved, readonly data with a `kind` discriminant. Built by planner/logical/builder.ts only.
import type { DataType, StructType } from '../../common/data-types.js';
import type { BoundCall, BoundExpr, NamedExpr } from '../expr/bound-expression.js';

/** A column of a node's output. `qualifier` is the table or alias it can be named by (`t.price`). */
export interface Attribute {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly qualifier?: string;
  /** Set on the event-time column of a withWatermark: the delay in ms. */
  readonly watermarkDelayMs?: number;
}

/** Where a relation's rows come from: a format name, its options and schema; `handle` holds in-process objects (MemoryStream). */
export interface SourceDescriptor {
  readonly format: string;
  readonly options: Readonly<Record<string, string>>;
  readonly schema: StructType;
  readonly path?: string;
  /** A process-local object behind the source (a MemoryStream, a memory table); never serialised. */
  readonly handle?: unknown;
  /** Text for EXPLAIN and progress, without secrets. */
  readonly description: string;
}

export type LogicalPlan =
  | Relation | Project | Filter | Union | SubqueryAlias
  | EventTimeWatermark | TimeWindow | Aggregate | Deduplicate | Join | Sort | Limit;

export interface Relation {
  readonly kind: 'relation';
  readonly source: SourceDescriptor;
  readonly isStreaming: boolean;
  readonly output: readonly Attribute[];
}

export interface Project {
  readonly kind: 'project';
  readonly child: LogicalPlan;
  readonly projections: readonly NamedExpr[];
  readonly output: readonly Attribute[];
}

export interface Filter {
  readonly kind: 'filter';
  readonly child: LogicalPlan;
  readonly condition: BoundExpr;
  readonly output: readonly Attribute[];
}

export interface Union {
  readonly kind: 'union';
  readonly children: readonly LogicalPlan[];
  readonly output: readonly Attribute[];
}

/** A name for a subtree (a temp view, `FROM t AS x`): qualifies its columns. */
export interface SubqueryAlias {
  readonly kind: 'subqueryAlias';
  readonly child: LogicalPlan;
  readonly alias: string;
  readonly output: readonly Attribute[];
}

/** withWatermark(column, delay): marks the event-time column; the watermark is max(event time) - delay. */
export interface EventTimeWatermark {
  readonly kind: 'watermark';
  readonly child: LogicalPlan;
  readonly eventTimeIndex: number;
  readonly delayMs: number;
  readonly output: readonly Attribute[];
}

/**
 * Assigns each row to its event-time windows and appends the window struct {start, end} as the last column.
 * Tumbling/sliding: every window [s, s + size) with s ≡ start (mod slide) that contains the time (a row per window).
 * Session (`gapMs`): the row's own window [t, t + gap), merged into sessions by the aggregate.
 */
export interface TimeWindow {
  readonly kind: 'timeWindow';
  readonly child: LogicalPlan;
  readonly timeIndex: number;
  readonly spec: WindowSpec;
  readonly output: readonly Attribute[];
}

export type WindowSpec =
  | { readonly type: 'sliding'; readonly sizeMs: number; readonly slideMs: number; readonly startMs: number }
  | { readonly type: 'session'; readonly gapMs: number };

/** An aggregate call after analysis: its output name and the resolved call (kind 'aggregate' in the catalog). */
export interface AggregateCall {
  readonly name: string;
  readonly call: BoundCall;
}

/** groupBy(keys).agg(aggregates): output = the keys, then one column per aggregate. */
export interface Aggregate {
  readonly kind: 'aggregate';
  readonly child: LogicalPlan;
  readonly groupings: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  /** Index into `groupings` of a session_window key (sessions merge), if any. */
  readonly sessionWindowKey?: number;
  readonly output: readonly Attribute[];
}

/** dropDuplicates(keys) and dropDuplicatesWithinWatermark(keys). */
export interface Deduplicate {
  readonly kind: 'deduplicate';
  readonly child: LogicalPlan;
  readonly keyIndices: readonly number[];
  readonly withinWatermark: boolean;
  readonly output: readonly Attribute[];
}

export type JoinType = 'inner' | 'left_outer' | 'right_outer' | 'full_outer' | 'left_semi' | 'left_anti' | 'cross';

/** left ⋈ right on `condition`; output = left columns then right columns (semi/anti: left only). */
export interface Join {
  readonly kind: 'join';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly joinType: JoinType;
  /** Over the concatenated left ++ right columns; null = cross join. */
  readonly condition: BoundExpr | null;
  readonly output: readonly Attribute[];
}

export interface SortKey {
  readonly expr: BoundExpr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

export interface Sort {
  readonly kind: 'sort';
  readonly child: LogicalPlan;
  readonly keys: readonly SortKey[];
  readonly output: readonly Attribute[];
}

export interface Limit {
  readonly kind: 'limit';
  readonly child: LogicalPlan;
  readonly limit: number;
  readonly output: readonly Attribute[];
}

export function childrenOf(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case 'relation': return [];
    case 'union': return plan.children;
    case 'join': return [plan.left, plan.right];
    default: return [plan.child];
  }
}

/** True when any leaf is a streaming relation. */
export function isStreamingPlan(plan: LogicalPlan): boolean {
  if (plan.kind === 'relation') return plan.isStreaming;
  return childrenOf(plan).some(isStreamingPlan);
}

/** The leaves of a plan in a stable order (left to right): each becomes one source of a query. */
export function relationsOf(plan: LogicalPlan): Relation[] {
  if (plan.kind === 'relation') return [plan];
  return childrenOf(plan).flatMap(relationsOf);
}
