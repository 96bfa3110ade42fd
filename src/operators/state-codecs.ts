// How each stateful operator's state values become checkpoint text: keys as internal values, buffers via toState.
import type { AggregateFunction } from '../compute/aggregates/aggregate-function.js';
import type { StateCodec } from '../state/state-codec.js';
import { fromJsonSafe, toJsonSafe } from '../state/state-codec.js';
import type { GroupState } from './aggregate-operator.js';
import { stateKeyOf } from './group-index.js';
import type { SessionGroupState } from './session-window-operator.js';

/** Aggregation groups: {k: key values, b: one toState per aggregate}. */
export function groupStateCodec(functions: readonly AggregateFunction[]): StateCodec<GroupState> {
  return {
    encode: (g) => JSON.stringify({ k: toJsonSafe(g.keys), b: g.buffers.map((b, i) => toJsonSafe(functions[i]!.toState(b))) }),
    decode: (text) => {
      const o = JSON.parse(text) as { k: unknown; b: unknown[] };
      const keys = fromJsonSafe(o.k) as unknown[];
      return { stateKey: stateKeyOf(keys), keys, buffers: o.b.map((b, i) => functions[i]!.fromState(fromJsonSafe(b))) };
    },
  };
}

/** Session-window groups: {k: key values, s: [[start, end, [buffer states…]], …]}. */
export function sessionStateCodec(functions: readonly AggregateFunction[]): StateCodec<SessionGroupState> {
  return {
    encode: (g) => JSON.stringify({
      k: toJsonSafe(g.keys),
      s: g.sessions.map((s) => [s.start, s.end, s.buffers.map((b, i) => toJsonSafe(functions[i]!.toState(b)))]),
    }),
    decode: (text) => {
      const o = JSON.parse(text) as { k: unknown; s: [number, number, unknown[]][] };
      const keys = fromJsonSafe(o.k) as unknown[];
      return {
        stateKey: stateKeyOf(keys),
        keys,
        sessions: o.s.map(([start, end, buffers]) => ({ start, end, buffers: buffers.map((b, i) => functions[i]!.fromState(fromJsonSafe(b))) })),
      };
    },
  };
}
