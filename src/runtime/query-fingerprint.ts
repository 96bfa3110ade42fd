// What must not change between runs of a checkpointed query: its sources and its stateful operators' layout.
import { simpleString } from '../common/data-types.js';
import { assertNever, userError } from '../common/errors.js';
import { renderExpression } from '../planner/expr/render-expression.js';
import type { PhysicalPlan } from '../planner/physical/physical-plan.js';
import { physicalChildren } from '../planner/physical/physical-plan.js';

/** Options that identify the data a source reads (rate limits and the like may change between runs). */
const IDENTITY_OPTIONS = ['path', 'subscribe', 'subscribepattern', 'assign', 'seed', 'output', 'topic'];

export interface QueryFingerprint {
  readonly sources: readonly string[];
  readonly statefulOperators: readonly { readonly id: number; readonly kind: string; readonly keys: string; readonly state: string }[];
}

export function fingerprintOf(plan: PhysicalPlan): QueryFingerprint {
  const sources: string[] = [];
  const statefulOperators: { id: number; kind: string; keys: string; state: string }[] = [];
  const columns = (attrs: readonly { name: string; dataType: Parameters<typeof simpleString>[0] }[]) => attrs.map((a) => `${a.name}: ${simpleString(a.dataType)}`).join(', ');
  const walk = (p: PhysicalPlan): void => {
    physicalChildren(p).forEach(walk);
    switch (p.kind) {
      case 'scan': {
        const options = Object.entries(p.relation.source.options).filter(([k]) => IDENTITY_OPTIONS.includes(k.toLowerCase())).map(([k, v]) => `${k}=${v}`).sort();
        sources[p.sourceIndex] = [p.relation.source.format, p.relation.source.path ?? '', ...options].join(' ').trim();
        break;
      }
      case 'aggregate':
        if (p.streaming) {
          statefulOperators.push({
            id: p.operatorId,
            kind: p.sessionWindowKey !== undefined ? 'session window aggregation' : 'aggregation',
            keys: columns(p.output.slice(0, p.keyCount)),
            state: p.aggregates.map((a) => `${renderExpression(a.call)}: ${simpleString(a.call.dataType)}`).join(', '),
          });
        }
        break;
      case 'deduplicate':
        if (p.streaming) {
          statefulOperators.push({
            id: p.operatorId, kind: p.withinWatermark ? 'dropDuplicatesWithinWatermark' : 'dropDuplicates',
            keys: columns(p.keyIndices.map((i) => p.child.output[i]!)), state: 'event time',
          });
        }
        break;
      case 'join':
        if (p.streaming && p.leftStreaming && p.rightStreaming) {
          statefulOperators.push({
            id: p.operatorId, kind: `stream-stream ${p.joinType} join`,
            keys: p.condition ? renderExpression(p.condition) : '', state: `${columns(p.left.output)} | ${columns(p.right.output)}`,
          });
        }
        break;
      case 'project': case 'filter': case 'union': case 'windowAssign': case 'watermark': case 'sort': case 'limit': break;
      default: assertNever(p, 'physical plan');
    }
  };
  walk(plan);
  return { sources, statefulOperators };
}

/** Throws, naming what changed, when a restarted query is not compatible with its checkpoint. */
export function checkCompatible(checkpointDir: string, before: QueryFingerprint, now: QueryFingerprint): void {
  const fail = (what: string) => {
    throw userError('INCOMPATIBLE_CHECKPOINT', `The query cannot restart from checkpoint ${checkpointDir}: ${what}`, {
      hint: 'start the changed query with a new checkpointLocation (it will not see the old state), or undo the change',
    });
  };
  if (before.sources.length !== now.sources.length) fail(`it read ${before.sources.length} source(s) and now reads ${now.sources.length}`);
  before.sources.forEach((s, i) => {
    if (s !== now.sources[i]) fail(`source ${i} changed from '${s}' to '${now.sources[i]}'`);
  });
  if (before.statefulOperators.length !== now.statefulOperators.length) {
    fail(`it had ${before.statefulOperators.length} stateful operator(s) (${before.statefulOperators.map((o) => o.kind).join(', ') || 'none'}) and now has ${now.statefulOperators.length} (${now.statefulOperators.map((o) => o.kind).join(', ') || 'none'})`);
  }
  before.statefulOperators.forEach((b, i) => {
    const n = now.statefulOperators[i]!;
    if (b.kind !== n.kind) fail(`stateful operator ${b.id} was a ${b.kind} and is now a ${n.kind}`);
    if (b.keys !== n.keys) fail(`the grouping keys of stateful operator ${b.id} (${b.kind}) changed from [${b.keys}] to [${n.keys}]`);
    if (b.state !== n.state) fail(`the state schema of stateful operator ${b.id} (${b.kind}) changed from [${b.state}] to [${n.state}]`);
  });
}
