// Late materialisation of a row selection: a vector that copies the selected rows only when its storage is first read.
import type { ColumnVector, VectorValues } from './column-vector.js';
import { takeRows } from './column-vector.js';

/** What a deferred vector has to copy, then what it copied (the source and indices are let go once copied). */
interface Selection {
  source: ColumnVector | undefined;
  rows: Int32Array | undefined;
  taken: ColumnVector | undefined;
}

const SELECTION = Symbol('brook.deferredTake');

function taken(owner: object): ColumnVector {
  const s = (owner as { [SELECTION]: Selection })[SELECTION];
  if (s.taken === undefined) {
    s.taken = takeRows(s.source!, s.rows!);
    s.source = undefined;
    s.rows = undefined;
  }
  return s.taken;
}

// One getter function per property, shared by every deferred vector: accessors made per vector (closures) would give
// each vector its own hidden class, allocated where only a full GC frees it, and keep its copy alive until then.
const valuesProperty: PropertyDescriptor = { enumerable: true, get(this: object): VectorValues { return taken(this).values; } };
const nullsProperty: PropertyDescriptor = { enumerable: true, get(this: object): Uint8Array | null { return taken(this).nulls; } };
const fieldsProperty: PropertyDescriptor = {
  enumerable: true,
  get(this: object): readonly ColumnVector[] | undefined { return taken(this).fields; },
};

/**
 * The rows `indices` of `v`, as `takeRows(v, indices)` gives them, but copied only when `values`, `nulls` or `fields`
 * is first read (a later projection that drops the column never pays for the copy). The copy is made once and kept;
 * `indices` must not change before it. The accessors are enumerable own properties, so a spread copy
 * (`{ ...v, nulls }`) reads them like plain fields.
 * @example deferredTakeRows(prices, Int32Array.of(0, 0, 2)).values // Float64Array [p0, p0, p2], copied on this read
 */
export function deferredTakeRows(v: ColumnVector, indices: Int32Array): ColumnVector {
  const out = { dataType: v.dataType, length: indices.length };
  const selection: Selection = { source: v, rows: indices, taken: undefined };
  Object.defineProperty(out, SELECTION, { value: selection });
  Object.defineProperty(out, 'values', valuesProperty);
  // a column without nulls keeps none: nothing to copy to say so
  if (v.nulls === null) Object.defineProperty(out, 'nulls', { value: null, enumerable: true });
  else Object.defineProperty(out, 'nulls', nullsProperty);
  if (v.fields !== undefined) Object.defineProperty(out, 'fields', fieldsProperty);
  return out as unknown as ColumnVector;
}
