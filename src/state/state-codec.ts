// Turning state values into JSON text and back: plain data, plus Maps, byte arrays and non-finite numbers.

/** How an operator's state values become text in checkpoints. */
export interface StateCodec<V> {
  encode(value: V): string;
  decode(text: string): V;
}

/** JSON with tagged Map / Uint8Array / NaN / ±Infinity, for internal values of any brook type. */
export const internalValueCodec: StateCodec<unknown> = {
  encode: (value) => JSON.stringify(toJsonSafe(value)),
  decode: (text) => fromJsonSafe(JSON.parse(text) as unknown),
};

export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $num: String(value) };
  if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [toJsonSafe(k), toJsonSafe(v)]) };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof Set) return { $set: [...value].map(toJsonSafe) };
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}

export function fromJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonSafe);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('$num' in o) return Number(o.$num);
    if ('$map' in o) return new Map((o.$map as [unknown, unknown][]).map(([k, v]) => [fromJsonSafe(k), fromJsonSafe(v)]));
    if ('$bytes' in o) return new Uint8Array(Buffer.from(o.$bytes as string, 'base64'));
    if ('$set' in o) return new Set((o.$set as unknown[]).map(fromJsonSafe));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = fromJsonSafe(v);
    return out;
  }
  return value;
}
