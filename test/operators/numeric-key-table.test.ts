// NumericKeyTable against a reference Map of the same keys: inserts, lookups, deletions (backward shift), growth, nulls, NaN and -0.
import { describe, expect, it } from 'vitest';
import { NumericKeyTable } from '../../src/operators/numeric-key-table.js';
import type { NumericPart } from '../../src/operators/numeric-key-table.js';

/** A reference key: JSON of the parts with null marks (NaN and -0 normalised as Map equality does). */
function refKey(values: readonly number[], mask: number): string {
  return JSON.stringify(values.map((v, p) => ((mask & (1 << p)) !== 0 ? 'null' : Number.isNaN(v) ? 'NaN' : v === 0 ? 0 : v)));
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('NumericKeyTable', () => {
  it('finds by row what it stored by row, with nulls, NaN and -0 grouped like GROUP BY', () => {
    const table = new NumericKeyTable<string>(2);
    const parts: NumericPart[] = [
      { values: Float64Array.of(1, 1, Number.NaN, Number.NaN, 0, -0, 5, 5), nulls: Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 1) },
      { values: Float64Array.of(1.5e15, 1.5e15, 2, 2, 3, 3, 7, 8), nulls: null },
    ];
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const g = table.get(parts, i);
      if (g === undefined) table.add(parts, i, `g${i}`);
      seen.push(g ?? `new g${i}`);
    }
    // rows 0/1, 2/3 (NaN = NaN), 4/5 (0 = -0) share a group; rows 6 and 7 have a null first part and differ in the second
    expect(seen).toEqual(['new g0', 'g0', 'new g2', 'g2', 'new g4', 'g4', 'new g6', 'new g7']);
    expect(table.size).toBe(5);
    expect(table.getByValues([0, 8], 0b01)).toBe('g7');
    expect(table.getByValues([1, 1.5e15], 0)).toBe('g0');
    expect(table.getByValues([1, 1.5e15], 0b01)).toBeUndefined();
  });

  it('matches a Map through 20,000 random inserts and deletes (growth and backward-shift deletion)', () => {
    const next = random(7);
    const table = new NumericKeyTable<number>(3);
    const reference = new Map<string, number>();
    const live: { values: number[]; mask: number }[] = [];
    for (let step = 0; step < 20_000; step++) {
      if (live.length > 0 && next() < 0.4) {
        const k = live.splice(Math.floor(next() * live.length), 1)[0]!;
        table.deleteByValues(k.values, k.mask);
        reference.delete(refKey(k.values, k.mask));
        continue;
      }
      // few distinct values, so keys collide in parts and runs of probes form
      const values = [Math.floor(next() * 50), 1.7e15 + Math.floor(next() * 20) * 2e6, next() < 0.1 ? Number.NaN : Math.floor(next() * 3)];
      const mask = next() < 0.1 ? 0b100 : 0;
      const key = refKey(values, mask);
      if (reference.has(key)) {
        expect(table.getByValues(values, mask)).toBe(reference.get(key));
        continue;
      }
      const parts: NumericPart[] = values.map((v, p) => ({ values: [v], nulls: (mask & (1 << p)) !== 0 ? Uint8Array.of(1) : null }));
      expect(table.get(parts, 0)).toBeUndefined();
      table.add(parts, 0, step);
      reference.set(key, step);
      live.push({ values, mask });
    }
    expect(table.size).toBe(reference.size);
    for (const k of live) expect(table.getByValues(k.values, k.mask)).toBe(reference.get(refKey(k.values, k.mask)));
  });

  it('restores by values, replaces a stored group, and forgets everything on clear', () => {
    const table = new NumericKeyTable<string>(1);
    table.setByValues([42], 0, 'a');
    table.setByValues([42], 0, 'b');
    table.setByValues([0], 1, 'null');
    expect([table.size, table.getByValues([42], 0), table.getByValues([123], 1)]).toEqual([2, 'b', 'null']);
    table.deleteByValues([7], 0);
    expect(table.size).toBe(2);
    table.clear();
    expect([table.size, table.getByValues([42], 0)]).toEqual([0, undefined]);
  });

  it('keys of no parts (a global aggregate) have one group', () => {
    const table = new NumericKeyTable<string>(0);
    expect(table.get([], 0)).toBeUndefined();
    table.add([], 0, 'all');
    expect([table.get([], 5), table.getByValues([], 0)]).toEqual(['all', 'all']);
  });
});
