// Join machinery shared by the join operators: input rows with their join keys, pair filters, joined output batches.
import type { RecordBatch } from 'apache-arrow';
import { NullType, StructField, StructType } from '../common/data-types.js';
import { fromRecordBatch, toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnBatch, ColumnVector } from '../compute/column-vector.js';
import { internalValueAt, vectorFromInternal } from '../compute/column-vector.js';
import { compileExpression } from '../compute/compile-expression.js';
import type { CompiledExpression } from '../compute/compile-expression.js';
import type { KernelContext } from '../compute/kernel-registry.js';
import type { BoundExpr } from '../planner/expr/bound-expression.js';
import { referencedInputs } from '../planner/expr/bound-utils.js';
import type { Attribute } from '../planner/logical/plan.js';
import { compileKeyEncoder } from './group-key.js';
import type { EquiJoinKey } from './join-condition.js';

/** One input row: the internal values of its columns (see compute/column-vector.ts). */
export type JoinRow = readonly unknown[];

/**
 * The row type of a list of attributes.
 * @example schemaOf(exec.output).fieldNames // ['ad_id', 'imp_time', 'click_ad_id', 'click_time']
 */
export function schemaOf(attributes: readonly Attribute[]): StructType {
  return new StructType(attributes.map((a) => new StructField(a.name, a.dataType, a.nullable)));
}

/** What one side needs to read its batches: its schema, compiled key expressions and its one-side filter. */
export interface JoinSideReader {
  readonly schema: StructType;
  readonly keys: readonly CompiledExpression[];
  readonly nullSafe: readonly boolean[];
  /** Conjuncts of the condition that read only this side; null when there are none. */
  readonly filter: CompiledExpression | null;
}

/**
 * Compiles one side's key expressions and filter.
 * @example sideReader(schemaOf(exec.left.output), parts.keys, 'left', parts.leftOnly, ctx)
 */
export function sideReader(schema: StructType, keys: readonly EquiJoinKey[], side: 'left' | 'right', filter: BoundExpr | null, ctx: KernelContext): JoinSideReader {
  return {
    schema,
    keys: keys.map((k) => compileExpression(side === 'left' ? k.left : k.right, ctx)),
    nullSafe: keys.map((k) => k.nullSafe),
    filter: filter === null ? null : compileExpression(filter, ctx),
  };
}

/** A batch of one side read for joining. */
export interface SideRows {
  readonly columns: readonly ColumnVector[];
  readonly numRows: number;
  readonly rows: JoinRow[];
  /** The evaluated join keys, one vector per key. */
  readonly keyVectors: readonly ColumnVector[];
  /** Row i's key text; null when a key compared with `=` is null (the row can match nothing). */
  readonly keys: (string | null)[];
  /** Row i passes the side's own conjuncts (`passes === null`: all rows do). */
  readonly passes: Uint8Array | null;
}

/**
 * Reads a batch: rows as internal values, key text per row (the same text for equal keys on both sides, as group-key.ts
 * encodes them), and whether each row passes the side's own conjuncts (null or false → fails).
 * @example readSide(batch, reader).keys // ['"a1', null, '"a2']
 */
export function readSide(batch: RecordBatch, reader: JoinSideReader): SideRows {
  const input = fromRecordBatch(batch, reader.schema);
  const n = input.numRows;
  const rows: JoinRow[] = new Array<JoinRow>(n);
  for (let i = 0; i < n; i++) rows[i] = input.columns.map((c) => internalValueAt(c, i));
  const keyVectors = reader.keys.map((k) => k(input));
  const encode = keyVectors.length === 0 ? () => '' : compileKeyEncoder(keyVectors);
  const keys = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    let nullKey = false;
    for (let k = 0; k < keyVectors.length && !nullKey; k++) {
      const v = keyVectors[k]!;
      nullKey = !reader.nullSafe[k] && v.nulls !== null && v.nulls[i] === 1;
    }
    keys[i] = nullKey ? null : encode(i);
  }
  return { columns: input.columns, numRows: n, rows, keyVectors, keys, passes: reader.filter === null ? null : truthMask(reader.filter(input), n) };
}

/**
 * 1 where a BOOLEAN vector is true (null and false give 0).
 * @example truthMask(vectorFromValues(BooleanType, [true, null, false]), 3) // Uint8Array [1, 0, 0]
 */
export function truthMask(v: ColumnVector, n: number): Uint8Array {
  const values = v.values as Uint8Array;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i] === 1 && (v.nulls === null || v.nulls[i] === 0) ? 1 : 0;
  return out;
}

/** Tests (left row, right row) pairs against a condition over left ++ right columns: 1 where it is true. */
export type PairFilter = (lefts: readonly JoinRow[], rights: readonly JoinRow[]) => Uint8Array;

/**
 * Compiles a two-side condition into a pair filter (only the columns it reads are materialised); null for no condition.
 * @example compilePairFilter(parts.bothSides, leftSchema, rightSchema, ctx)!(lefts, rights)[0] // 1 or 0
 */
export function compilePairFilter(condition: BoundExpr | null, left: StructType, right: StructType, ctx: KernelContext): PairFilter | null {
  if (condition === null) return null;
  const compiled = compileExpression(condition, ctx);
  const used = referencedInputs(condition);
  const leftWidth = left.length;
  const types = [...left.fields, ...right.fields].map((f) => f.dataType);
  return (lefts, rights) => {
    const n = lefts.length;
    const columns: ColumnVector[] = types.map((type, c) => {
      if (!used.has(c)) return { dataType: NullType, length: n, values: [], nulls: null };
      const rows = c < leftWidth ? lefts : rights;
      const k = c < leftWidth ? c : c - leftWidth;
      return vectorFromInternal(type, rows.map((r) => r[k]));
    });
    const batch: ColumnBatch = { numRows: n, columns };
    return truthMask(compiled(batch), n);
  };
}

/**
 * Collects output rows (a left and a right row, either may be null) and turns them into one RecordBatch.
 * @example const out = new JoinedRowsBuilder(schemaOf(exec.output), 2, false); out.add(left, null); out.take();
 */
export class JoinedRowsBuilder {
  private readonly lefts: (JoinRow | null)[] = [];
  private readonly rights: (JoinRow | null)[] = [];

  /** `leftOnly`: semi/anti joins output the left columns only. */
  constructor(private readonly output: StructType, private readonly leftWidth: number, private readonly leftOnly: boolean) {}

  add(left: JoinRow | null, right: JoinRow | null): void {
    this.lefts.push(left);
    this.rights.push(right);
  }

  get size(): number {
    return this.lefts.length;
  }

  /** The rows added so far as batches ([] when none), and a fresh start. */
  take(): RecordBatch[] {
    const n = this.lefts.length;
    if (n === 0) return [];
    const columns = this.output.fields.map((f, c) => {
      const fromLeft = this.leftOnly || c < this.leftWidth;
      const rows = fromLeft ? this.lefts : this.rights;
      const k = fromLeft ? c : c - this.leftWidth;
      return vectorFromInternal(f.dataType, rows.map((r) => (r === null ? null : r[k])));
    });
    this.lefts.length = 0;
    this.rights.length = 0;
    return [toRecordBatch(this.output, columns, n)];
  }
}

/**
 * Rows indexed by key text, for probing (the static side of a stream-static join, the build side of a batch join).
 * @example const table = new HashedRows(); table.addAll(readSide(batch, reader), false); table.lookup('"a1') // [0]
 */
export class HashedRows {
  readonly rows: JoinRow[] = [];
  /** Row indices per key text; rows whose key is null are kept in `rows` only. */
  private readonly byKey = new Map<string, number[]>();
  /** Per row: whether it matched a probe row (for the outer side's unmatched rows). */
  matched = new Uint8Array(16);

  /** Adds the rows of a batch that pass the side's own conjuncts (when `keepFailing` is false). */
  addAll(side: SideRows, keepFailing: boolean): void {
    for (let i = 0; i < side.numRows; i++) {
      const passes = side.passes === null || side.passes[i] === 1;
      if (!passes && !keepFailing) continue;
      const index = this.rows.length;
      this.rows.push(side.rows[i]!);
      const key = side.keys[i] ?? null;
      if (passes && key !== null) {
        const list = this.byKey.get(key);
        if (list) list.push(index);
        else this.byKey.set(key, [index]);
      }
    }
    if (this.matched.length < this.rows.length) {
      const grown = new Uint8Array(Math.max(this.rows.length, this.matched.length * 2));
      grown.set(this.matched);
      this.matched = grown;
    }
  }

  /** Row indices with this key text. */
  lookup(key: string | null): readonly number[] {
    return key === null ? [] : this.byKey.get(key) ?? [];
  }
}

/** Candidate pairs (probe row i, build row j) whose keys agree and that pass every conjunct. */
export interface Matches {
  readonly probe: Int32Array;
  readonly build: Int32Array;
}

/**
 * Probes `build` with the rows of `probe`: pairs with equal keys whose probe row passes its own conjuncts, filtered by
 * the two-side `pairFilter` (over left ++ right, so `probeIsLeft` says which row goes first). Ordered by probe row.
 * @example probeRows(streamRows, staticTable, true, pairFilter) // { probe: Int32Array [0, 0, 2], build: Int32Array [1, 4, 0] }
 */
export function probeRows(probe: SideRows, build: HashedRows, probeIsLeft: boolean, pairFilter: PairFilter | null): Matches {
  const probeIndex: number[] = [];
  const buildIndex: number[] = [];
  for (let i = 0; i < probe.numRows; i++) {
    if (probe.passes !== null && probe.passes[i] === 0) continue;
    for (const j of build.lookup(probe.keys[i] ?? null)) {
      probeIndex.push(i);
      buildIndex.push(j);
    }
  }
  if (pairFilter === null || probeIndex.length === 0) return { probe: Int32Array.from(probeIndex), build: Int32Array.from(buildIndex) };
  const probeRowsOfPairs = probeIndex.map((i) => probe.rows[i]!);
  const buildRowsOfPairs = buildIndex.map((j) => build.rows[j]!);
  const keep = probeIsLeft ? pairFilter(probeRowsOfPairs, buildRowsOfPairs) : pairFilter(buildRowsOfPairs, probeRowsOfPairs);
  const p: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < probeIndex.length; k++) {
    if (keep[k] === 1) {
      p.push(probeIndex[k]!);
      b.push(buildIndex[k]!);
    }
  }
  return { probe: Int32Array.from(p), build: Int32Array.from(b) };
}
