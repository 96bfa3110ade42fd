// Logical plan nodes: resolved, readonly data with a `kind` discriminant. Built by planner/logical/builder.ts only.
import type { DataType, StructType } from '../../common/data-types.js';
import type { BoundExpr, NamedExpr } from '../expr/bound-expression.js';

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

export type LogicalPlan = Relation | Project | Filter | Union | SubqueryAlias;

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

export function childrenOf(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case 'relation': return [];
    case 'union': return plan.children;
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
