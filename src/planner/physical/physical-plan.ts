// Physical plan: the optimized logical plan lowered to executable steps, with source indices and fused stateless stages.
import { assertNever } from '../../common/errors.js';
import type { BoundExpr, NamedExpr } from '../expr/bound-expression.js';
import type { Attribute, LogicalPlan, Relation } from '../logical/plan.js';

export type PhysicalPlan = ScanExec | ProjectExec | FilterExec | UnionExec;

/** Reads source `sourceIndex` of the query (sources are numbered left to right). */
export interface ScanExec { readonly kind: 'scan'; readonly sourceIndex: number; readonly relation: Relation; readonly output: readonly Attribute[] }
/** `stage` groups consecutive stateless steps that run fused over one batch (Spark's `*(n)` whole-stage marks). */
export interface ProjectExec { readonly kind: 'project'; readonly stage: number; readonly child: PhysicalPlan; readonly projections: readonly NamedExpr[]; readonly output: readonly Attribute[] }
export interface FilterExec { readonly kind: 'filter'; readonly stage: number; readonly child: PhysicalPlan; readonly condition: BoundExpr; readonly output: readonly Attribute[] }
export interface UnionExec { readonly kind: 'union'; readonly children: readonly PhysicalPlan[]; readonly output: readonly Attribute[] }

/** Lowers an optimized logical plan. Subquery aliases vanish (they only qualify names). */
export function planPhysical(plan: LogicalPlan): PhysicalPlan {
  let nextSource = 0;
  let nextStage = 1;
  const lower = (p: LogicalPlan, stage: number | undefined): PhysicalPlan => {
    switch (p.kind) {
      case 'relation': return { kind: 'scan', sourceIndex: nextSource++, relation: p, output: p.output };
      case 'subqueryAlias': return lower(p.child, stage);
      case 'project': {
        const s = stage ?? nextStage++;
        return { kind: 'project', stage: s, child: lower(p.child, s), projections: p.projections, output: p.output };
      }
      case 'filter': {
        const s = stage ?? nextStage++;
        return { kind: 'filter', stage: s, child: lower(p.child, s), condition: p.condition, output: p.output };
      }
      case 'union': return { kind: 'union', children: p.children.map((c) => lower(c, undefined)), output: p.output };
      default: return assertNever(p, 'logical plan');
    }
  };
  return lower(plan, undefined);
}

export function physicalChildren(plan: PhysicalPlan): readonly PhysicalPlan[] {
  switch (plan.kind) {
    case 'scan': return [];
    case 'union': return plan.children;
    default: return [plan.child];
  }
}
