// Deterministic text of plans for EXPLAIN, df.explain(), error messages and golden tests.
import { assertNever } from '../common/errors.js';
import { simpleString } from '../common/data-types.js';
import type { NamedExpr } from './expr/bound-expression.js';
import { renderExpression } from './expr/render-expression.js';
import type { Attribute, LogicalPlan } from './logical/plan.js';
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

function logicalLine(p: LogicalPlan): string {
  switch (p.kind) {
    case 'relation': return `${p.isStreaming ? 'StreamingRelation' : 'Relation'} ${p.source.description}, ${columnsOf(p.output)}`;
    case 'project': return `Project ${projectionList(p.projections)}`;
    case 'filter': return `Filter ${renderExpression(p.condition)}`;
    case 'union': return 'Union';
    case 'subqueryAlias': return `SubqueryAlias ${p.alias}`;
    default: return assertNever(p, 'logical plan');
  }
}

function physicalLine(p: PhysicalPlan): string {
  switch (p.kind) {
    case 'scan': return `${p.relation.isStreaming ? 'StreamingScan' : 'Scan'} ${p.relation.source.description}, ${columnsOf(p.output)}`;
    case 'project': return `*(${p.stage}) Project ${projectionList(p.projections)}`;
    case 'filter': return `*(${p.stage}) Filter ${renderExpression(p.condition)}`;
    case 'union': return 'Union';
    default: return assertNever(p, 'physical plan');
  }
}
