// Turns a physical plan into the tree of operator instances a query runs, fusing stateless stages.
import { StructField, StructType } from '../common/data-types.js';
import { assertNever } from '../common/errors.js';
import { compileExpression } from '../compute/compile-expression.js';
import type { KernelContext } from '../compute/kernel-registry.js';
import type { Attribute } from '../planner/logical/plan.js';
import type { PhysicalPlan } from '../planner/physical/physical-plan.js';
import type { Operator } from './operator.js';
import { StatelessStageOperator } from './stateless-stage-operator.js';
import type { StageStep } from './stateless-stage-operator.js';

/** A node of the running tree: a source leaf, an operator over children, or a pass-through (union). */
export interface OperatorNode {
  readonly operator?: Operator;
  readonly sourceIndex?: number;
  readonly children: readonly OperatorNode[];
  readonly output: readonly Attribute[];
}

export function schemaOfAttributes(attributes: readonly Attribute[]): StructType {
  return new StructType(attributes.map((a) => new StructField(a.name, a.dataType, a.nullable)));
}

export function buildOperatorTree(plan: PhysicalPlan, ctx: KernelContext): OperatorNode {
  switch (plan.kind) {
    case 'scan': return { sourceIndex: plan.sourceIndex, children: [], output: plan.output };
    case 'union': return { children: plan.children.map((c) => buildOperatorTree(c, ctx)), output: plan.output };
    case 'project': case 'filter': {
      // collect the whole stage, top-down, then run it bottom-up
      const chain: (typeof plan)[] = [];
      let node: PhysicalPlan = plan;
      while ((node.kind === 'project' || node.kind === 'filter') && node.stage === plan.stage) {
        chain.push(node);
        node = node.child;
      }
      const input = node;
      const steps: StageStep[] = chain.reverse().map((p) => (p.kind === 'project'
        ? { kind: 'project', expressions: p.projections.map((x) => compileExpression(x.expr, ctx)) }
        : { kind: 'filter', condition: compileExpression(p.condition, ctx) }));
      const operator = new StatelessStageOperator(steps, schemaOfAttributes(input.output), schemaOfAttributes(plan.output), `Stage ${plan.stage}`);
      return { operator, children: [buildOperatorTree(input, ctx)], output: plan.output };
    }
    default: return assertNever(plan, 'physical plan');
  }
}
