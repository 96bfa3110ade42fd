// Optimizer rule: drop projected columns nobody reads, renumbering the references above them.
import { assertNever } from '../../common/errors.js';
import { referencedInputs, remapRefs } from '../expr/bound-utils.js';
import type { LogicalPlan } from '../logical/plan.js';

interface Pruned {
  readonly plan: LogicalPlan;
  /** old output ordinal → new one; undefined when unchanged. */
  readonly mapping?: ReadonlyMap<number, number>;
}

/** Keeps the root's output as it is and removes unread projections below it. */
export function pruneColumns(plan: LogicalPlan): LogicalPlan {
  return prune(plan, undefined).plan;
}

function prune(plan: LogicalPlan, required: ReadonlySet<number> | undefined): Pruned {
  switch (plan.kind) {
    case 'relation': case 'union': return { plan };
    // stateful nodes keep their inputs whole (their state layout depends on them); their subtrees are pruned alone
    case 'join': return { plan: { ...plan, left: prune(plan.left, undefined).plan, right: prune(plan.right, undefined).plan } };
    case 'aggregate': {
      // an aggregate reads only its keys and its aggregates' arguments; its own output stays as it is
      const need = new Set<number>();
      for (const g of plan.groupings) referencedInputs(g.expr, need);
      for (const a of plan.aggregates) for (const arg of a.call.args) referencedInputs(arg, need);
      const child = prune(plan.child, need);
      if (!child.mapping) return { plan: { ...plan, child: child.plan } };
      const m = child.mapping;
      return {
        plan: {
          ...plan,
          child: child.plan,
          groupings: plan.groupings.map((g) => ({ name: g.name, expr: remapRefs(g.expr, m) })),
          aggregates: plan.aggregates.map((a) => ({ name: a.name, call: { ...a.call, args: a.call.args.map((arg) => remapRefs(arg, m)) } })),
        },
      };
    }
    case 'watermark': {
      const need = required === undefined ? undefined : new Set([...required, plan.eventTimeIndex]);
      const child = prune(plan.child, need);
      if (!child.mapping) return { plan: { ...plan, child: child.plan } };
      const eventTimeIndex = child.mapping.get(plan.eventTimeIndex)!;
      const output = child.plan.output.map((a, i) => (i === eventTimeIndex ? { ...a, watermarkDelayMs: plan.delayMs } : a));
      return { plan: { ...plan, child: child.plan, eventTimeIndex, output }, mapping: child.mapping };
    }
    case 'timeWindow': {
      const windowIndex = plan.child.output.length;
      const need = required === undefined ? undefined : new Set([...[...required].filter((i) => i !== windowIndex), plan.timeIndex]);
      const child = prune(plan.child, need);
      if (!child.mapping) return { plan: { ...plan, child: child.plan } };
      const mapping = new Map(child.mapping);
      mapping.set(windowIndex, child.plan.output.length);
      const output = [...child.plan.output, plan.output[windowIndex]!];
      return { plan: { ...plan, child: child.plan, timeIndex: child.mapping.get(plan.timeIndex)!, output }, mapping };
    }
    case 'deduplicate': case 'sort': case 'limit':
      return { plan: { ...plan, child: prune(plan.child, undefined).plan } };
    case 'subqueryAlias': {
      const child = prune(plan.child, required);
      if (!child.mapping) return { plan };
      return { plan: { ...plan, child: child.plan, output: child.plan.output.map((a) => ({ ...a, qualifier: plan.alias })) }, mapping: child.mapping };
    }
    case 'filter': {
      const need = required === undefined ? undefined : referencedInputs(plan.condition, new Set(required));
      const child = prune(plan.child, need);
      if (!child.mapping) return { plan: { ...plan, child: child.plan } };
      return { plan: { ...plan, child: child.plan, condition: remapRefs(plan.condition, child.mapping), output: child.plan.output }, mapping: child.mapping };
    }
    case 'project': {
      const keptIndices = plan.projections.map((_, i) => i).filter((i) => required === undefined || required.has(i));
      const need = new Set<number>();
      for (const i of keptIndices) referencedInputs(plan.projections[i]!.expr, need);
      const child = prune(plan.child, need);
      const projections = keptIndices.map((i) => {
        const x = plan.projections[i]!;
        return child.mapping ? { name: x.name, expr: remapRefs(x.expr, child.mapping) } : x;
      });
      const output = keptIndices.map((i) => plan.output[i]!);
      const unchanged = keptIndices.length === plan.projections.length;
      return {
        plan: { ...plan, child: child.plan, projections, output },
        mapping: unchanged ? undefined : new Map(keptIndices.map((oldIndex, newIndex) => [oldIndex, newIndex])),
      };
    }
    default: return assertNever(plan, 'logical plan');
  }
}
