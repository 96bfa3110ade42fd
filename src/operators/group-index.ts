// Finds a group from a row's key values through nested maps of primitive parts (numbers stay numbers: fast lookups).
import type { DataType } from '../common/data-types.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { internalValueAt } from '../compute/column-vector.js';

/** Stands for a null key part (null equals null in GROUP BY). */
const NULL_PART = Symbol('null');

export type Part = string | number | symbol;
/** Reads part p of row i. */
export type PartReader = (i: number) => Part;

/**
 * The key parts of a set of key columns: a number or string column is one part, a window struct two (start, end),
 * anything else one part of JSON text.
 */
export function keyPartReaders(columns: readonly ColumnVector[], startOnly: ReadonlySet<number> = NO_INDICES): PartReader[] {
  return columns.flatMap((c, k) => (startOnly.has(k) ? readersOf(c).slice(0, 1) : readersOf(c)));
}

const NO_INDICES: ReadonlySet<number> = new Set();

function readersOf(v: ColumnVector): PartReader[] {
  const nulls = v.nulls;
  switch (v.dataType.kind) {
    case 'string': case 'int': case 'long': case 'float': case 'double': case 'decimal': case 'date': case 'timestamp': case 'boolean': {
      const values = v.values as ArrayLike<string | number>;
      return [nulls === null ? (i) => values[i]! : (i) => (nulls[i] === 1 ? NULL_PART : values[i]!)];
    }
    case 'struct': {
      const children = v.fields!.flatMap(readersOf);
      if (nulls === null) return children;
      return children.map((read) => (i: number) => (nulls[i] === 1 ? NULL_PART : read(i)));
    }
    default:
      return [(i) => (nulls !== null && nulls[i] === 1 ? NULL_PART : JSON.stringify(internalValueAt(v, i), (_k, x: unknown) => (x instanceof Map ? [...x.entries()] : x)))];
  }
}

/** Groups by key parts, `depth` parts per key. */
export class GroupIndex<G> {
  private readonly root = new Map<Part, unknown>();

  constructor(private readonly depth: number) {}

  get(readers: readonly PartReader[], i: number): G | undefined {
    let level: Map<Part, unknown> | undefined = this.root;
    for (let k = 0; k < this.depth - 1; k++) {
      level = level.get(readers[k]!(i)) as Map<Part, unknown> | undefined;
      if (level === undefined) return undefined;
    }
    return level.get(readers[this.depth - 1]!(i)) as G | undefined;
  }

  set(readers: readonly PartReader[], i: number, group: G): void {
    let level = this.root;
    for (let k = 0; k < this.depth - 1; k++) {
      const part = readers[k]!(i);
      let next = level.get(part) as Map<Part, unknown> | undefined;
      if (next === undefined) level.set(part, (next = new Map()));
      level = next;
    }
    level.set(readers[this.depth - 1]!(i), group);
  }

  /** Adds a group by its parts (restoring from state). */
  setParts(parts: readonly Part[], group: G): void {
    const readers = parts.map((p) => () => p);
    this.set(readers, 0, group);
  }

  /** Removes a group by its parts (as partsOf gives them), pruning maps left empty. */
  delete(parts: readonly Part[]): void {
    const path: Map<Part, unknown>[] = [this.root];
    for (let k = 0; k < this.depth - 1; k++) {
      const next = path[k]!.get(parts[k]!) as Map<Part, unknown> | undefined;
      if (next === undefined) return;
      path.push(next);
    }
    path[this.depth - 1]!.delete(parts[this.depth - 1]!);
    for (let k = this.depth - 1; k > 0 && path[k]!.size === 0; k--) path[k - 1]!.delete(parts[k - 1]!);
  }

  clear(): void {
    this.root.clear();
  }
}

/**
 * How many parts a key column of this type has (its leaves, for structs). A time-window key (`startOnly`) is one
 * part: its start, since every window of one query has the same size.
 */
export function partCount(type: DataType, startOnly = false): number {
  if (startOnly) return 1;
  return type.kind === 'struct' ? type.fields.reduce((n, f) => n + partCount(f.dataType), 0) : 1;
}

/** The parts of key values held in a group's state (internal values), the same parts the readers give for the row. */
export function partsOfValues(types: readonly DataType[], values: readonly unknown[], startOnly: ReadonlySet<number> = NO_INDICES): Part[] {
  const out: Part[] = [];
  const add = (type: DataType, v: unknown) => {
    if (type.kind === 'struct') {
      for (const f of type.fields) add(f.dataType, v === null || v === undefined ? null : (v as Record<string, unknown>)[f.name]);
    } else if (v === null || v === undefined) out.push(NULL_PART);
    else if (typeof v === 'number' || typeof v === 'string') out.push(v);
    else out.push(JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x.entries()] : x)));
  };
  types.forEach((t, k) => {
    if (startOnly.has(k)) {
      const start = (values[k] as { start?: number } | null)?.start;
      out.push(start === undefined || start === null ? NULL_PART : start);
    } else add(t, values[k]);
  });
  return out;
}

/** The state-store key text of a group (built once per group). */
export function stateKeyOf(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, x: unknown) => (x instanceof Map ? [...x.entries()] : x));
}
