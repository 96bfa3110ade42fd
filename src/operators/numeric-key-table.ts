// An open-addressing hash table from a tuple of numbers (with a null mask) to a group: no boxing, no per-key objects.
//
// Keys are compared as JS Map compares numbers (SameValueZero: -0 equals 0, NaN equals NaN), and a part marked null
// equals only another null part, so grouping is the same as by nested Maps of the parts. Slots hold the parts in one
// Float64Array (width numbers per slot), the null mask in an Int32Array (bit p = part p is null) and the group in an
// array; linear probing, at most 3/4 full, deletion by backward shift (no tombstones).

/** One key part of a batch: its numbers and its null bytes (1 = null). */
export interface NumericPart {
  readonly values: ArrayLike<number>;
  readonly nulls: Uint8Array | null;
}

/** Null masks have one bit per part. */
export const MAX_NUMERIC_KEY_PARTS = 31;

const INITIAL_CAPACITY = 64;
const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);

/** The hash of one number; -0 hashes as 0 and every NaN alike (SameValueZero). */
function hashNumber(x: number): number {
  if ((x | 0) === x) return x | 0;
  if (x !== x) return 0x7ff80000;
  scratch[0] = x;
  return scratchWords[0]! ^ Math.imul(scratchWords[1]!, 0x9e3779b1);
}

function combine(h: number, part: number): number {
  return Math.imul(h ^ part, 0x85ebca6b) + 0x27d4eb2f;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * get(parts, i) → the group of row i, or undefined; after a miss, add(parts, i, group) inserts it without probing again.
 * getByValues/setByValues/deleteByValues do the same for a key given as numbers and a null mask (restore, eviction).
 * @example const t = new NumericKeyTable<string>(2); t.setByValues([7, 1.5e15], 0, 'g'); t.getByValues([7, 1.5e15], 0) // 'g'
 */
export class NumericKeyTable<G> {
  private capacity = INITIAL_CAPACITY;
  private keys: Float64Array;
  private masks: Int32Array;
  private groups: (G | undefined)[];
  private count = 0;
  /** Where the last missed `get` would insert, and for which hash. */
  private missSlot = -1;

  constructor(private readonly width: number) {
    this.keys = new Float64Array(INITIAL_CAPACITY * width);
    this.masks = new Int32Array(INITIAL_CAPACITY);
    this.groups = new Array<G | undefined>(INITIAL_CAPACITY).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  get(parts: readonly NumericPart[], i: number): G | undefined {
    const width = this.width;
    let h = 0;
    let mask = 0;
    for (let p = 0; p < width; p++) {
      const part = parts[p]!;
      if (part.nulls !== null && part.nulls[i] === 1) {
        mask |= 1 << p;
        h = combine(h, 0x5bd1e995);
      } else h = combine(h, hashNumber(part.values[i]!));
    }
    const keys = this.keys;
    const last = this.capacity - 1;
    for (let slot = finish(h) & last; ; slot = (slot + 1) & last) {
      const group = this.groups[slot];
      if (group === undefined) {
        this.missSlot = slot;
        return undefined;
      }
      if (this.masks[slot] !== mask) continue;
      const base = slot * width;
      let p = 0;
      for (; p < width; p++) {
        if ((mask & (1 << p)) !== 0) continue;
        if (!same(keys[base + p]!, parts[p]!.values[i]!)) break;
      }
      if (p === width) return group;
    }
  }

  /** Inserts row i's key, which the `get` just before missed. */
  add(parts: readonly NumericPart[], i: number, group: G): void {
    const slot = this.missSlot;
    this.missSlot = -1;
    const width = this.width;
    let mask = 0;
    const base = slot * width;
    for (let p = 0; p < width; p++) {
      const part = parts[p]!;
      if (part.nulls !== null && part.nulls[i] === 1) {
        mask |= 1 << p;
        this.keys[base + p] = 0;
      } else this.keys[base + p] = part.values[i]!;
    }
    this.masks[slot] = mask;
    this.groups[slot] = group;
    if (++this.count * 4 > this.capacity * 3) this.grow();
  }

  getByValues(values: readonly number[], mask: number): G | undefined {
    const slot = this.slotOf(values, mask);
    return this.groups[slot];
  }

  setByValues(values: readonly number[], mask: number, group: G): void {
    const slot = this.slotOf(values, mask);
    if (this.groups[slot] === undefined) {
      this.masks[slot] = mask;
      for (let p = 0; p < this.width; p++) this.keys[slot * this.width + p] = (mask & (1 << p)) !== 0 ? 0 : values[p]!;
      this.groups[slot] = group;
      if (++this.count * 4 > this.capacity * 3) this.grow();
    } else this.groups[slot] = group;
  }

  deleteByValues(values: readonly number[], mask: number): void {
    const slot = this.slotOf(values, mask);
    if (this.groups[slot] === undefined) return;
    this.count--;
    this.removeAt(slot);
  }

  clear(): void {
    this.capacity = INITIAL_CAPACITY;
    this.keys = new Float64Array(INITIAL_CAPACITY * this.width);
    this.masks = new Int32Array(INITIAL_CAPACITY);
    this.groups = new Array<G | undefined>(INITIAL_CAPACITY).fill(undefined);
    this.count = 0;
    this.missSlot = -1;
  }

  /** The slot holding the key, or the empty slot where it would go. */
  private slotOf(values: readonly number[], mask: number): number {
    const width = this.width;
    const last = this.capacity - 1;
    for (let slot = this.homeOf(values, 0, mask); ; slot = (slot + 1) & last) {
      if (this.groups[slot] === undefined) return slot;
      if (this.masks[slot] !== mask) continue;
      let p = 0;
      for (; p < width; p++) {
        if ((mask & (1 << p)) !== 0) continue;
        if (!same(this.keys[slot * width + p]!, values[p]!)) break;
      }
      if (p === width) return slot;
    }
  }

  /** The first slot probed for the key stored at `values[base …]` with null mask `mask`. */
  private homeOf(values: ArrayLike<number>, base: number, mask: number): number {
    let h = 0;
    for (let p = 0; p < this.width; p++) h = combine(h, (mask & (1 << p)) !== 0 ? 0x5bd1e995 : hashNumber(values[base + p]!));
    return finish(h) & (this.capacity - 1);
  }

  /** Empties `slot`, moving later entries of its probe run back so every key stays reachable from its home slot. */
  private removeAt(slot: number): void {
    const width = this.width;
    const last = this.capacity - 1;
    let hole = slot;
    for (let next = (hole + 1) & last; this.groups[next] !== undefined; next = (next + 1) & last) {
      const home = this.homeOf(this.keys, next * width, this.masks[next]!);
      // the entry at `next` may move to the hole unless its home lies cyclically in (hole, next]
      const stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (stays) continue;
      this.keys.copyWithin(hole * width, next * width, next * width + width);
      this.masks[hole] = this.masks[next]!;
      this.groups[hole] = this.groups[next];
      hole = next;
    }
    this.groups[hole] = undefined;
    this.masks[hole] = 0;
  }

  private grow(): void {
    const width = this.width;
    const oldKeys = this.keys;
    const oldMasks = this.masks;
    const oldGroups = this.groups;
    const oldCapacity = this.capacity;
    this.capacity = oldCapacity * 2;
    this.keys = new Float64Array(this.capacity * width);
    this.masks = new Int32Array(this.capacity);
    this.groups = new Array<G | undefined>(this.capacity).fill(undefined);
    const last = this.capacity - 1;
    for (let s = 0; s < oldCapacity; s++) {
      const group = oldGroups[s];
      if (group === undefined) continue;
      let slot = this.homeOf(oldKeys, s * width, oldMasks[s]!);
      while (this.groups[slot] !== undefined) slot = (slot + 1) & last;
      this.keys.set(oldKeys.subarray(s * width, s * width + width), slot * width);
      this.masks[slot] = oldMasks[s]!;
      this.groups[slot] = group;
    }
  }
}
