// The aggregate-function contract: a per-group buffer updated row by row, merged, finished, and kept in state.
import type { DataType } from '../../common/data-types.js';
import type { BoundCall } from '../../planner/expr/bound-expression.js';

/**
 * One aggregate (sum, count, avg, …) specialised for its argument types.
 * Buffers are plain JS values (numbers, arrays, objects) so the state store can keep and persist them:
 * `toState`/`fromState` must round-trip through JSON.stringify/JSON.parse.
 *
 *   buffer = init()
 *   for each input row of the group: buffer = update(buffer, argument values of the row)   (internal values, null = null)
 *   merge(a, b) combines two buffers (session windows merging)
 *   result(buffer) → the internal value of the result column (null allowed)
 */
export interface AggregateFunction<B = unknown> {
  readonly name: string;
  readonly resultType: DataType;
  init(): B;
  update(buffer: B, args: readonly unknown[]): B;
  merge(a: B, b: B): B;
  result(buffer: B): unknown;
  /** A JSON-safe form of the buffer for checkpoints. */
  toState(buffer: B): unknown;
  fromState(state: unknown): B;
}

/** Builds the function for one resolved aggregate call (its argument types, literal arguments, DISTINCT flag). */
export type AggregateFactory = (call: BoundCall) => AggregateFunction;

const factories = new Map<string, AggregateFactory>();

export function registerAggregates(entries: Readonly<Record<string, AggregateFactory>>): void {
  for (const [name, factory] of Object.entries(entries)) factories.set(name.toLowerCase(), factory);
}

export function lookupAggregate(name: string): AggregateFactory | undefined {
  return factories.get(name.toLowerCase());
}
