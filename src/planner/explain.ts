// Deterministic text of plans for EXPLAIN, df.explain(), error messages and golden tests.
import { assertNever } from '../common/errors.js';
import { simpleString } from '../common/data-types.js';
import { formatDuration } from '../common/duration.js';
import type { NamedExpr } from './expr/bound-expression.js';
import { renderExpression } from './expr/render-expression.js';
import type { AggregateCall, Attribute, LogicalPlan, SortKey, WindowSpec } from './logical/plan.js';
import { childrenOf } from './logical/plan.js';
import type { PhysicalPlan } from './physical/physical-plan.js';
import { physicalChildren } from './physical/physical-plan.js';

/** The plans a query went through, as df.explain(true) prints them. */
export interface PlanStages {
  readonly analyzed: LogicalPlan;
  readonly optimized: LogicalPlan;
  readonly physical: PhysicalPlan;
}

/**
 * Spark-style EXPLAIN text: the physical plan, or with `extended` the analyzed and optimized logical plans too.
 * @example explainText(stages, false) // '== Physical Plan ==\n*(1) Project [...]\n+- ...'
 */
export function explainText(stages: PlanStages, extended: boolean): string {
  const physical = `== Physical Plan ==\n${treeString(stages.physical, physicalLine, physicalChildren)}`;
  if (!extended) return physical;
  return [
    `== Analyzed Logical Plan ==\n${schemaLine(stages.analyzed.output)}\n${treeString(stages.analyzed, logicalLine, childrenOf)}`,
    `== Optimized Logical Plan ==\n${treeString(stages.optimized, logicalLine, childrenOf)}`,
    physical,
  ].join('\n\n');
}

export function logicalPlanString(plan: LogicalPlan): string {
  return treeString(plan, logicalLine, childrenOf);
}

function treeString<T>(root: T, line: (node: T) => string, children: (node: T) => readonly T[]): string {
  const out: string[] = [];
  const walk = (node: T, prefix: string, isLast: boolean, depth: number) => {
    out.push(depth === 0 ? line(node) : `${prefix}${isLast ? '+- ' : ':- '}${line(node)}`);
    const kids = children(node);
    const childPrefix = depth === 0 ? '' : `${prefix}${isLast ? '   ' : ':  '}`;
    kids.forEach((k, i) => walk(k, childPrefix, i === kids.length - 1, depth + 1));
  };
  walk(root, '', true, 0);
  return out.join('\n');
}

function schemaLine(output: readonly Attribute[]): string {
  return output.map((a) => `${a.name}: ${simpleString(a.dataType)}`).join(', ');
}

function projectionList(projections: readonly NamedExpr[]): string {
  return `[${projections.map((p) => {
    const text = renderExpression(p.expr);
    return text === p.name ? text : `${text} AS ${p.name}`;
  }).join(', ')}]`;
}

function columnsOf(output: readonly Attribute[]): string {
  return `[${output.map((a) => a.name).join(', ')}]`;
}

function namedText(p: NamedExpr): string {
  const text = renderExpression(p.expr);
  return text === p.name ? text : `${text} AS ${p.name}`;
}

function aggregateList(p: { readonly groupings: readonly NamedExpr[]; readonly aggregates: readonly AggregateCall[] }): string {
  return [...p.groupings.map((g) => g.name), ...p.aggregates.map((a) => a.name)].join(', ');
}

function windowText(spec: WindowSpec, time: string): string {
  if (spec.type === 'session') return `session_window(${time}, ${formatDuration(spec.gapMs)})`;
  return `window(${time}, ${formatDuration(spec.sizeMs)}, ${formatDuration(spec.slideMs)}, ${formatDuration(spec.startMs)})`;
}

function sortKeys(keys: readonly SortKey[]): string {
  return keys.map((k) => `${renderExpression(k.expr)} ${k.ascending ? 'ASC' : 'DESC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
}

function logicalLine(p: LogicalPlan): string {
  switch (p.kind) {
    case 'relation': return `${p.isStreaming ? 'StreamingRelation' : 'Relation'} ${p.source.description}, ${columnsOf(p.output)}`;
    case 'project': return `Project ${projectionList(p.projections)}`;
    case 'filter': return `Filter ${renderExpression(p.condition)}`;
    case 'union': return 'Union';
    case 'subqueryAlias': return `SubqueryAlias ${p.alias}`;
    case 'watermark': return `EventTimeWatermark ${p.output[p.eventTimeIndex]!.name}, ${formatDuration(p.delayMs)}`;
    case 'timeWindow': return `TimeWindow ${windowText(p.spec, p.output[p.timeIndex]!.name)} AS ${p.output[p.output.length - 1]!.name}`;
    case 'aggregate': return `Aggregate [${p.groupings.map((g) => namedText(g)).join(', ')}], [${aggregateList(p)}]`;
    case 'deduplicate': return `${p.withinWatermark ? 'DeduplicateWithinWatermark' : 'Deduplicate'} [${p.keyIndices.map((i) => p.output[i]!.name).join(', ')}]`;
    case 'join': return `Join ${p.joinType}${p.condition ? `, ${renderExpression(p.condition)}` : ''}`;
    case 'sort': return `Sort [${sortKeys(p.keys)}]`;
    case 'limit': return `Limit ${p.limit}`;
    default: return assertNever(p, 'logical plan');
  }
}

function physicalLine(p: PhysicalPlan): string {
  switch (p.kind) {
    case 'scan': return `${p.relation.isStreaming ? 'StreamingScan' : 'Scan'} ${p.relation.source.description}, ${columnsOf(p.output)}`;
    case 'project': return `*(${p.stage}) Project ${projectionList(p.projections)}`;
    case 'filter': return `*(${p.stage}) Filter ${renderExpression(p.condition)}`;
    case 'union': return 'Union';
    case 'windowAssign': return `*(${p.stage}) WindowAssign ${windowText(p.spec, p.output[p.timeIndex]!.name)} AS ${p.output[p.output.length - 1]!.name}`;
    case 'watermark': return `EventTimeWatermark ${p.output[p.eventTimeIndex]!.name}, ${formatDuration(p.delayMs)}`;
    case 'aggregate': return `${p.streaming ? 'StatefulAggregate' : 'HashAggregate'}${p.sessionWindowKey !== undefined ? ' (merging sessions)' : ''} keys=[${p.output.slice(0, p.keyCount).map((a) => a.name).join(', ')}], functions=[${p.aggregates.map((a) => renderExpression(a.call)).join(', ')}], output=[${p.output.map((a) => a.name).join(', ')}]${p.streaming ? `, operator=${p.operatorId}` : ''}`;
    case 'deduplicate': return `${p.withinWatermark ? 'DeduplicateWithinWatermark' : 'Deduplicate'} [${p.keyIndices.map((i) => p.output[i]!.name).join(', ')}]${p.streaming ? `, operator=${p.operatorId}` : ''}`;
    case 'join': return `${p.leftStreaming && p.rightStreaming ? 'StreamingSymmetricHashJoin' : 'HashJoin'} ${p.joinType}${p.condition ? `, ${renderExpression(p.condition)}` : ''}${p.leftStreaming && p.rightStreaming ? `, operator=${p.operatorId}` : ''}`;
    case 'sort': return `Sort [${sortKeys(p.keys)}]`;
    case 'limit': return `Limit ${p.limit}`;
    default: return assertNever(p, 'physical plan');
  }
}
