// Turns a physical plan into the tree of operator instances a query runs, fusing stateless stages.
import { StructField, StructType } from '../common/data-types.js';
import { assertNever, internalError } from '../common/errors.js';
import { lookupAggregate } from '../compute/aggregates/aggregate-function.js';
import '../compute/aggregates/all-aggregates.js';
import { compileExpression } from '../compute/compile-expression.js';
import type { KernelContext } from '../compute/kernel-registry.js';
import type { Attribute } from '../planner/logical/plan.js';
import type { PhysicalPlan } from '../planner/physical/physical-plan.js';
import type { OutputMode } from '../sinks/sink.js';
import { internalValueCodec } from '../state/state-codec.js';
import type { StateCodec } from '../state/state-codec.js';
import { StateStore } from '../state/state-store.js';
import { groupStateCodec, sessionStateCodec } from './state-codecs.js';
import { AggregateOperator } from './aggregate-operator.js';
import type { GroupState } from './aggregate-operator.js';
import { createDeduplicateOperator } from './deduplicate-operator.js';
import type { DeduplicateState } from './deduplicate-operator.js';
import { LimitOperator } from './limit-operator.js';
import { createSessionWindowOperator } from './session-window-operator.js';
import type { SessionGroupState } from './session-window-operator.js';
import type { Operator } from './operator.js';
import { SortOperator } from './sort-operator.js';
import { createStreamStaticJoinOperator } from './stream-static-join-operator.js';
import { createStreamStreamJoinOperator } from './stream-stream-join-operator.js';
import type { JoinStateEntry } from './stream-stream-join-operator.js';
import { StatelessStageOperator } from './stateless-stage-operator.js';
import type { StageStep } from './stateless-stage-operator.js';
import { WatermarkOperator } from './watermark-operator.js';

/** A node of the running tree: a source leaf, an operator over children, or a pass-through (union). */
export interface OperatorNode {
  readonly operator?: Operator;
  readonly sourceIndex?: number;
  readonly children: readonly OperatorNode[];
  readonly output: readonly Attribute[];
}

/** What the runtime decides for the operators: output mode, state stores, late-row capture. */
export interface OperatorTreeOptions {
  /** null for batch queries. */
  readonly outputMode: OutputMode | null;
  /** The state store of stateful operator `operatorId` (the runtime owns them; the checkpoint layer persists them with `codec`). */
  stateStore<V>(operatorId: number, name: string, codec: StateCodec<V>): StateStore<V>;
  readonly captureLateRows: boolean;
}

export function schemaOfAttributes(attributes: readonly Attribute[]): StructType {
  return new StructType(attributes.map((a) => new StructField(a.name, a.dataType, a.nullable)));
}

/** State stores kept in memory only (batch queries, and streaming until checkpoints are configured). */
export function inMemoryStores(): <V>(operatorId: number, name: string, codec: StateCodec<V>) => StateStore<V> {
  const stores = new Map<number, StateStore<unknown>>();
  return <V>(operatorId: number, name: string, _codec: StateCodec<V>) => {
    let store = stores.get(operatorId);
    if (!store) stores.set(operatorId, (store = new StateStore<unknown>(`${name}-${operatorId}`)));
    return store as StateStore<V>;
  };
}

export function buildOperatorTree(plan: PhysicalPlan, ctx: KernelContext, options: OperatorTreeOptions): OperatorNode {
  const build = (p: PhysicalPlan): OperatorNode => {
    switch (p.kind) {
      case 'scan': return { sourceIndex: p.sourceIndex, children: [], output: p.output };
      case 'union': return { children: p.children.map(build), output: p.output };
      case 'project': case 'filter': case 'windowAssign': return buildStage(p);
      case 'watermark': return {
        operator: new WatermarkOperator(schemaOfAttributes(p.child.output), p.eventTimeIndex, p.delayMs), children: [build(p.child)], output: p.output,
      };
      case 'aggregate': {
        const functions = p.aggregates.map((a) => {
          const factory = lookupAggregate(a.call.name);
          if (!factory) throw internalError(`no aggregate implementation for '${a.call.name}'`);
          return factory(a.call);
        });
        const argumentIndices = p.aggregates.map((a) => a.call.args.map((arg) => (arg.kind === 'ref' ? arg.index : -1)));
        if (p.sessionWindowKey !== undefined) {
          const operator = createSessionWindowOperator({
            inputSchema: schemaOfAttributes(p.child.output), outputSchema: schemaOfAttributes(p.output), keyCount: p.keyCount,
            functions, argumentIndices, eventTimeKey: p.eventTimeKey, sessionWindowKey: p.sessionWindowKey,
            outputMode: p.streaming ? options.outputMode : null,
            store: p.streaming ? options.stateStore<SessionGroupState>(p.operatorId, 'session-window', sessionStateCodec(functions)) : new StateStore<SessionGroupState>('batch-session-window'),
            captureLateRows: options.captureLateRows,
          });
          return { operator, children: [build(p.child)], output: p.output };
        }
        const operator = new AggregateOperator({
          inputSchema: schemaOfAttributes(p.child.output),
          outputSchema: schemaOfAttributes(p.output),
          keyCount: p.keyCount,
          functions,
          argumentIndices,
          eventTimeKey: p.eventTimeKey,
          timeWindowKey: p.timeWindowKey,
          outputMode: p.streaming ? options.outputMode : null,
          store: p.streaming ? options.stateStore<GroupState>(p.operatorId, 'aggregate', groupStateCodec(functions)) : new StateStore<GroupState>('batch-aggregate'),
          captureLateRows: options.captureLateRows,
        });
        return { operator, children: [build(p.child)], output: p.output };
      }
      case 'sort': {
        const operator = new SortOperator(schemaOfAttributes(p.child.output), p.keys, p.keys.map((k) => compileExpression(k.expr, ctx)));
        return { operator, children: [build(p.child)], output: p.output };
      }
      case 'limit': {
        const perBatch = options.outputMode === 'complete' || options.outputMode === null;
        return { operator: new LimitOperator(p.limit, perBatch), children: [build(p.child)], output: p.output };
      }
      case 'deduplicate': return {
        operator: createDeduplicateOperator(p, p.streaming ? options.stateStore<DeduplicateState>(p.operatorId, 'dedupe', internalValueCodec as StateCodec<DeduplicateState>) : null,
          p.streaming ? options.outputMode : null, options.captureLateRows),
        children: [build(p.child)], output: p.output,
      };
      case 'join': {
        const operator = p.streaming && p.leftStreaming && p.rightStreaming
          ? createStreamStreamJoinOperator(p, ctx, options.stateStore<JoinStateEntry>(p.operatorId, 'join', internalValueCodec as StateCodec<JoinStateEntry>), options.captureLateRows)
          : createStreamStaticJoinOperator(p, ctx); // stream–static, and batch joins
        // children in this order: input 0 = left, input 1 = right
        return { operator, children: [build(p.left), build(p.right)], output: p.output };
      }
      default: return assertNever(p, 'physical plan');
    }
  };

  const buildStage = (top: Extract<PhysicalPlan, { kind: 'project' | 'filter' | 'windowAssign' }>): OperatorNode => {
    // collect the whole stage, top-down, then run it bottom-up
    const chain: Extract<PhysicalPlan, { kind: 'project' | 'filter' | 'windowAssign' }>[] = [];
    let node: PhysicalPlan = top;
    while ((node.kind === 'project' || node.kind === 'filter' || node.kind === 'windowAssign') && node.stage === top.stage) {
      chain.push(node);
      node = node.child;
    }
    const input = node;
    const steps: StageStep[] = chain.reverse().map((p): StageStep => {
      switch (p.kind) {
        case 'project': return { kind: 'project', expressions: p.projections.map((x) => compileExpression(x.expr, ctx)) };
        case 'filter': return { kind: 'filter', condition: compileExpression(p.condition, ctx) };
        case 'windowAssign': return { kind: 'windowAssign', timeIndex: p.timeIndex, spec: p.spec };
        default: return assertNever(p, 'stage step');
      }
    });
    const operator = new StatelessStageOperator(steps, schemaOfAttributes(input.output), schemaOfAttributes(top.output), `Stage ${top.stage}`);
    return { operator, children: [build(input)], output: top.output };
  };

  return build(plan);
}
