// Grouping keys as strings for the state store: one text per row from the key columns' internal values.
import type { ColumnVector } from '../compute/column-vector.js';
import { internalValueAt } from '../compute/column-vector.js';

const SEPARATOR = '\u0001';
const NULL_MARK = '\u0000';

/**
 * A function giving row i's key text. Numbers and strings are written directly; nested values as JSON.
 * Two rows get the same text exactly when their key values are equal (null equals null, like GROUP BY).
 */
export function compileKeyEncoder(columns: readonly ColumnVector[]): (i: number) => string {
  const parts = columns.map(partEncoder);
  if (parts.length === 1) return parts[0]!;
  return (i) => {
    let key = parts[0]!(i);
    for (let k = 1; k < parts.length; k++) key += SEPARATOR + parts[k]!(i);
    return key;
  };
}

function partEncoder(v: ColumnVector): (i: number) => string {
  const nulls = v.nulls;
  switch (v.dataType.kind) {
    case 'string': {
      const values = v.values as string[];
      // a leading quote keeps string keys apart from the null mark and from numbers
      return (i) => (nulls !== null && nulls[i] === 1 ? NULL_MARK : `"${values[i]!}`);
    }
    case 'int': case 'long': case 'float': case 'double': case 'decimal': case 'date': case 'timestamp': case 'boolean': {
      const values = v.values as ArrayLike<number>;
      return (i) => (nulls !== null && nulls[i] === 1 ? NULL_MARK : String(values[i]));
    }
    case 'struct': {
      const fields = v.fields!.map(partEncoder);
      return (i) => (nulls !== null && nulls[i] === 1 ? NULL_MARK : `{${fields.map((f) => f(i)).join(SEPARATOR)}}`);
    }
    default:
      return (i) => (nulls !== null && nulls[i] === 1 ? NULL_MARK : JSON.stringify(internalValueAt(v, i), (_k, x: unknown) => (x instanceof Map ? [...x.entries()] : x)));
  }
}
