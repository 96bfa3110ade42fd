// How the aggregate operator finds a row's group: numeric key parts in a NumericKeyTable, else nested Maps (GroupIndex).
import type { DataType } from '../common/data-types.js';
import { isNumberBacked } from '../compute/aggregates/aggregate-state-codec.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { GroupIndex, keyPartReaders, partCount, partsOfValues } from './group-index.js';
import type { PartReader } from './group-index.js';
import { MAX_NUMERIC_KEY_PARTS, NumericKeyTable } from './numeric-key-table.js';
import type { NumericPart } from './numeric-key-table.js';

/**
 * bind(key columns of a batch), then per row: find(i) → the group or undefined; after a miss, add(i, group); then
 * release() (so the batch's columns are not kept alive until the next batch). restore/remove take a group's key values (internal values, as the group keeps them). A time-window key
 * (`windowKeys`) is identified by its start alone, since every window of one query has the same size.
 */
export interface GroupLookup<G> {
  bind(keyColumns: readonly ColumnVector[]): void;
  release(): void;
  find(i: number): G | undefined;
  add(i: number, group: G): void;
  restore(keys: readonly unknown[], group: G): void;
  remove(keys: readonly unknown[]): void;
  clear(): void;
}

/**
 * The lookup for these key types: the numeric table when every key is number-backed or a time window (the common
 * BIGINT + window case: no string per row, no boxed number per lookup), else GroupIndex.
 * @example const groups = groupLookup<GroupState>([LongType, WINDOW_TYPE], new Set([1])); groups.bind(keyColumns); groups.find(0)
 */
export function groupLookup<G>(keyTypes: readonly DataType[], windowKeys: ReadonlySet<number>): GroupLookup<G> {
  const numeric = keyTypes.every((t, k) => windowKeys.has(k) || isNumberBacked(t)) && keyTypes.length <= MAX_NUMERIC_KEY_PARTS;
  return numeric ? new NumericGroupLookup<G>(keyTypes.length, windowKeys) : new IndexedGroupLookup<G>(keyTypes, windowKeys);
}

class NumericGroupLookup<G> implements GroupLookup<G> {
  private readonly table: NumericKeyTable<G>;
  private parts: NumericPart[] = [];
  private readonly values: number[];

  constructor(private readonly width: number, private readonly windowKeys: ReadonlySet<number>) {
    this.table = new NumericKeyTable<G>(width);
    this.values = new Array<number>(width).fill(0);
  }

  bind(keyColumns: readonly ColumnVector[]): void {
    this.parts = keyColumns.map((c, k) => (this.windowKeys.has(k) ? windowStartPart(c) : { values: c.values as ArrayLike<number>, nulls: c.nulls }));
  }

  release(): void {
    this.parts = [];
  }

  find(i: number): G | undefined {
    return this.table.get(this.parts, i);
  }

  add(i: number, group: G): void {
    this.table.add(this.parts, i, group);
  }

  restore(keys: readonly unknown[], group: G): void {
    const mask = this.valuesOf(keys);
    this.table.setByValues(this.values, mask, group);
  }

  remove(keys: readonly unknown[]): void {
    const mask = this.valuesOf(keys);
    this.table.deleteByValues(this.values, mask);
  }

  clear(): void {
    this.table.clear();
  }

  /** Fills `values` with the key's parts and returns its null mask. */
  private valuesOf(keys: readonly unknown[]): number {
    let mask = 0;
    for (let k = 0; k < this.width; k++) {
      let v = keys[k];
      if (this.windowKeys.has(k)) v = v === null || v === undefined ? null : (v as { start?: unknown }).start;
      if (v === null || v === undefined) {
        mask |= 1 << k;
        this.values[k] = 0;
      } else this.values[k] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
    }
    return mask;
  }
}

/** A window key's start as one part, null where the window or its start is null. */
function windowStartPart(window: ColumnVector): NumericPart {
  const start = window.fields![0]!;
  const values = start.values as ArrayLike<number>;
  if (window.nulls === null) return { values, nulls: start.nulls };
  if (start.nulls === null) return { values, nulls: window.nulls };
  const a = window.nulls;
  const b = start.nulls;
  return { values, nulls: a.map((x, i) => x | b[i]!) };
}

class IndexedGroupLookup<G> implements GroupLookup<G> {
  private readonly index: GroupIndex<G>;
  private readers: PartReader[] = [];

  constructor(private readonly keyTypes: readonly DataType[], private readonly windowKeys: ReadonlySet<number>) {
    this.index = new GroupIndex<G>(Math.max(1, keyTypes.reduce((n, t, k) => n + partCount(t, windowKeys.has(k)), 0)));
  }

  bind(keyColumns: readonly ColumnVector[]): void {
    this.readers = keyPartReaders(keyColumns, this.windowKeys);
  }

  release(): void {
    this.readers = [];
  }

  find(i: number): G | undefined {
    return this.index.get(this.readers, i);
  }

  add(i: number, group: G): void {
    this.index.set(this.readers, i, group);
  }

  restore(keys: readonly unknown[], group: G): void {
    this.index.setParts(partsOfValues(this.keyTypes, keys, this.windowKeys), group);
  }

  remove(keys: readonly unknown[]): void {
    this.index.delete(partsOfValues(this.keyTypes, keys, this.windowKeys));
  }

  clear(): void {
    this.index.clear();
  }
}
