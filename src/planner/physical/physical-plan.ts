// Physical plan: the optimized logical plan lowered to executable steps, with source indices, fused stateless stages
// and numbered stateful operators.
import { assertNever } from '../../common/errors.js';
import type { BoundCall, BoundExpr, NamedExpr } from '../expr/bound-expression.js';
import type { AggregateCall, Attribute, JoinType, LogicalPlan, Relation, SortKey, WindowSpec } from '../logical/plan.js';
import { isStreamingPlan } from '../logical/plan.js';
import { renderExpression } from '../expr/render-expression.js';

export type PhysicalPlan =
  | ScanExec | ProjectExec | FilterExec | UnionExec | WindowAssignExec
  | WatermarkExec | AggregateExec | DeduplicateExec | JoinExec | SortExec | LimitExec;

/** Reads source `sourceIndex` of the query (sources are numbered left to right). */
export interface ScanExec { readonly kind: 'scan'; readonly sourceIndex: number; readonly relation: Relation; readonly output: readonly Attribute[] }
/** `stage` groups consecutive stateless steps that run fused over one batch (Spark's `*(n)` whole-stage marks). */
export interface ProjectExec { readonly kind: 'project'; readonly stage: number; readonly child: PhysicalPlan; readonly projections: readonly NamedExpr[]; readonly output: readonly Attribute[] }
export interface FilterExec { readonly kind: 'filter'; readonly stage: number; readonly child: PhysicalPlan; readonly condition: BoundExpr; readonly output: readonly Attribute[] }
export interface UnionExec { readonly kind: 'union'; readonly children: readonly PhysicalPlan[]; readonly output: readonly Attribute[] }
/** Appends the window column (one output row per window a row falls in). */
export interface WindowAssignExec { readonly kind: 'windowAssign'; readonly stage: number; readonly child: PhysicalPlan; readonly timeIndex: number; readonly spec: WindowSpec; readonly output: readonly Attribute[] }

/** Facts every stateful operator carries. */
export interface StatefulInfo {
  /** Stable number of the operator in the query (names its state). */
  readonly operatorId: number;
  /** False for batch queries: no state kept across batches. */
  readonly streaming: boolean;
}

/** Tracks event time for the watermark; rows pass through unchanged. */
export interface WatermarkExec { readonly kind: 'watermark'; readonly child: PhysicalPlan; readonly eventTimeIndex: number; readonly delayMs: number; readonly watermarkId: number; readonly output: readonly Attribute[] }

/**
 * Input columns: the grouping keys first (0 … keyCount-1), then each aggregate's arguments, as refs in `aggregates`.
 * `eventTimeKey` is the key carrying the watermark (a timestamp or a window struct), if any.
 */
export interface AggregateExec extends StatefulInfo {
  readonly kind: 'aggregate';
  readonly child: PhysicalPlan;
  readonly keyCount: number;
  readonly aggregates: readonly AggregateCall[];
  readonly eventTimeKey?: number;
  readonly sessionWindowKey?: number;
  /** The key made by window(...) (tumbling or sliding), if any. */
  readonly timeWindowKey?: number;
  readonly output: readonly Attribute[];
}

export interface DeduplicateExec extends StatefulInfo {
  readonly kind: 'deduplicate';
  readonly child: PhysicalPlan;
  readonly keyIndices: readonly number[];
  readonly withinWatermark: boolean;
  /** The watermarked column (time of a row for eviction) and its delay, when the input has one. */
  readonly eventTimeIndex?: number;
  readonly delayMs?: number;
  readonly output: readonly Attribute[];
}

export interface JoinExec extends StatefulInfo {
  readonly kind: 'join';
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly joinType: JoinType;
  readonly condition: BoundExpr | null;
  readonly leftStreaming: boolean;
  readonly rightStreaming: boolean;
  readonly output: readonly Attribute[];
}

export interface SortExec { readonly kind: 'sort'; readonly child: PhysicalPlan; readonly keys: readonly SortKey[]; readonly output: readonly Attribute[] }
export interface LimitExec { readonly kind: 'limit'; readonly child: PhysicalPlan; readonly limit: number; readonly output: readonly Attribute[] }

/** Lowers an optimized logical plan. Subquery aliases vanish (they only qualify names). */
export function planPhysical(plan: LogicalPlan): PhysicalPlan {
  let nextSource = 0;
  let nextStage = 1;
  let nextOperator = 0;
  let nextWatermark = 0;
  const streaming = isStreamingPlan(plan);
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
      case 'timeWindow': {
        const s = stage ?? nextStage++;
        return { kind: 'windowAssign', stage: s, child: lower(p.child, s), timeIndex: p.timeIndex, spec: p.spec, output: p.output };
      }
      case 'union': return { kind: 'union', children: p.children.map((c) => lower(c, undefined)), output: p.output };
      case 'watermark': return { kind: 'watermark', child: lower(p.child, undefined), eventTimeIndex: p.eventTimeIndex, delayMs: p.delayMs, watermarkId: nextWatermark++, output: p.output };
      case 'aggregate': {
        // pre-projection: keys, then every aggregate argument; the calls are re-bound to those positions
        const s = nextStage++;
        // (an argument used by several aggregates is computed once; columns are named after what they hold,
        // which is what the late-rows sink shows)
        const projections: NamedExpr[] = p.groupings.map((g) => ({ name: g.name, expr: g.expr }));
        const positions = new Map<string, number>();
        const aggregates = p.aggregates.map((a): AggregateCall => {
          const args = a.call.args.map((arg) => {
            const key = JSON.stringify(arg);
            let i = positions.get(key);
            if (i === undefined) {
              const text = renderExpression(arg);
              const name = projections.some((x) => x.name === text) ? `${text}#${projections.length}` : text;
              projections.push({ name, expr: arg });
              i = projections.length - 1;
              positions.set(key, i);
            }
            return { kind: 'ref', index: i, name: projections[i]!.name, dataType: arg.dataType, nullable: arg.nullable } as BoundExpr;
          });
          return { name: a.name, call: { ...a.call, args } as BoundCall };
        });
        const preOutput = projections.map((x): Attribute => ({ name: x.name, dataType: x.expr.dataType, nullable: x.expr.nullable }));
        const child: ProjectExec = { kind: 'project', stage: s, child: lower(p.child, s), projections, output: preOutput };
        const eventTimeKey = p.output.findIndex((a, i) => i < p.groupings.length && a.watermarkDelayMs !== undefined);
        const windowColumn = p.child.kind === 'timeWindow' && p.child.spec.type === 'sliding' ? p.child.output.length - 1 : -1;
        const timeWindowKey = p.groupings.findIndex((g) => g.expr.kind === 'ref' && g.expr.index === windowColumn);
        return {
          kind: 'aggregate', operatorId: nextOperator++, streaming, child, keyCount: p.groupings.length, aggregates,
          eventTimeKey: eventTimeKey >= 0 ? eventTimeKey : undefined, sessionWindowKey: p.sessionWindowKey,
          timeWindowKey: timeWindowKey >= 0 ? timeWindowKey : undefined, output: p.output,
        };
      }
      case 'deduplicate': {
        const eventTimeIndex = p.withinWatermark
          ? p.child.output.findIndex((a) => a.watermarkDelayMs !== undefined)
          : p.keyIndices.find((i) => p.child.output[i]!.watermarkDelayMs !== undefined) ?? -1;
        return {
          kind: 'deduplicate', operatorId: nextOperator++, streaming, child: lower(p.child, undefined), keyIndices: p.keyIndices, withinWatermark: p.withinWatermark,
          eventTimeIndex: eventTimeIndex >= 0 ? eventTimeIndex : undefined,
          delayMs: eventTimeIndex >= 0 ? p.child.output[eventTimeIndex]!.watermarkDelayMs : undefined,
          output: p.output,
        };
      }
      case 'join': return {
        kind: 'join', operatorId: nextOperator++, streaming, left: lower(p.left, undefined), right: lower(p.right, undefined), joinType: p.joinType,
        condition: p.condition, leftStreaming: isStreamingPlan(p.left), rightStreaming: isStreamingPlan(p.right), output: p.output,
      };
      case 'sort': return { kind: 'sort', child: lower(p.child, undefined), keys: p.keys, output: p.output };
      case 'limit': return { kind: 'limit', child: lower(p.child, undefined), limit: p.limit, output: p.output };
      default: return assertNever(p, 'logical plan');
    }
  };
  return lower(plan, undefined);
}

export function physicalChildren(plan: PhysicalPlan): readonly PhysicalPlan[] {
  switch (plan.kind) {
    case 'scan': return [];
    case 'union': return plan.children;
    case 'join': return [plan.left, plan.right];
    default: return [plan.child];
  }
}
