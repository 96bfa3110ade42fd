// Streaming (and batch) aggregation by session_window: per group, overlapping row windows merge into sessions kept in state.
import type { RecordBatch } from 'apache-arrow';
import type { DataType } from '../common/data-types.js';
import { userError } from '../common/errors.js';
import type { AggregateFunction } from '../compute/aggregates/aggregate-function.js';
import { fromRecordBatch, toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { internalValueAt, vectorFromInternal } from '../compute/column-vector.js';
import type { StateStore } from '../state/state-store.js';
import type { AggregateOperatorSpec } from './aggregate-operator.js';
import { eventTimeMsReader } from './event-time.js';
import { compileKeyEncoder } from './group-key.js';
import { GroupIndex, keyPartReaders, partCount, partsOfValues, stateKeyOf } from './group-index.js';
import type { PartReader } from './group-index.js';
import { LateRowsBuffer } from './late-rows.js';
import type { BatchContext, LateRows, Operator, StateOperatorMetrics } from './operator.js';

/** One open session: its window [start, end) in µs and one buffer per aggregate. */
export interface SessionState {
  start: number;
  end: number;
  buffers: unknown[];
}

/** One group's state: the key values other than the session window, and its sessions sorted by start, never touching. */
export interface SessionGroupState {
  /** The group's key in the state store (made once, when the group is created). */
  readonly stateKey: string;
  readonly keys: unknown[];
  readonly sessions: SessionState[];
}

/** An AggregateOperatorSpec whose key `sessionWindowKey` is the session_window struct; state is kept per group. */
export type SessionWindowOperatorSpec = Omit<AggregateOperatorSpec, 'store'> & {
  readonly sessionWindowKey: number;
  readonly store: StateStore<SessionGroupState>;
};

const MICROS_PER_MS = 1000;

/**
 * Input rows carry their own window [t, t + gap) (window-assign.ts). Per batch:
 *   processBatch: rows whose event-time key is <= the late watermark are dropped (for the session key: the row window's
 *     end, Spark's predicate on session_window.end); the rest, in session-start order like Spark's sort-based merge, join
 *     their group's sessions: a row window [s, e) merges every session [S, E) with s <= E and S <= e (touching windows
 *     merge, as in Spark's MergingSessionsIterator), so one row can bridge two sessions into one.
 *   onBatchEnd, by output mode:
 *     append   → sessions with end <= watermark are final: emitted and removed;
 *     complete → every session (nothing evicted);   batch (null) → every session, nothing kept.
 * Update mode is rejected like Spark 3.5 does. Progress counts sessions the way Spark's state (one row per group and
 * session start) does: every session of a group touched in the batch is upserted, starts that vanished are removed.
 * @example new SessionWindowOperator({ ...aggregateSpec, sessionWindowKey: 1, store }) // see createSessionWindowOperator
 */
export class SessionWindowOperator implements Operator {
  readonly description = 'SessionWindowAggregate';
  /** Groups touched in this batch → their session starts before it (for Spark's removed-row count). */
  private readonly touched = new Map<SessionGroupState, number[]>();
  /** Groups by their key parts (no key text per row); rebuilt from the store when the operator starts on restored state. */
  private readonly groups: GroupIndex<SessionGroupState>;
  private readonly groupKeyTypes: DataType[];
  private indexed = false;
  /** Sessions in state (Spark's numRowsTotal: one state row per session). */
  private sessionCount = 0;
  private readonly late: LateRowsBuffer;
  private pendingStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  private lastStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  private lastEvictionWatermarkMs = 0;
  /** The watermark of the last eviction scan, and the smallest row-window end (ms) merged since: a scan is skipped when it cannot evict. */
  private lastScanWatermarkMs = Number.NEGATIVE_INFINITY;
  private minEndSinceScanMs = Number.POSITIVE_INFINITY;
  /** Positions of the group keys (all keys but the session window) among the keys. */
  private readonly groupKeyIndices: readonly number[];
  private readonly rowArgs: unknown[][];

  constructor(private readonly spec: SessionWindowOperatorSpec) {
    this.late = new LateRowsBuffer(spec.inputSchema, spec.captureLateRows);
    this.groupKeyIndices = Array.from({ length: spec.keyCount }, (_, k) => k).filter((k) => k !== spec.sessionWindowKey);
    this.rowArgs = spec.argumentIndices.map((idx) => new Array<unknown>(idx.length));
    this.groupKeyTypes = this.groupKeyIndices.map((k) => spec.inputSchema.fields[k]!.dataType);
    this.groups = new GroupIndex<SessionGroupState>(Math.max(1, this.groupKeyTypes.reduce((n, t) => n + partCount(t), 0)));
  }

  private ensureIndex(): void {
    if (this.indexed) return;
    this.indexed = true;
    this.sessionCount = 0;
    for (const [, g] of this.spec.store.entries()) {
      this.groups.setParts(this.partsOf(g), g);
      this.sessionCount += g.sessions.length;
    }
  }

  private partsOf(group: SessionGroupState): ReturnType<typeof partsOfValues> {
    return this.groupKeyTypes.length === 0 ? [0] : partsOfValues(this.groupKeyTypes, group.keys);
  }

  processBatch(batch: RecordBatch, ctx: BatchContext): RecordBatch[] {
    const { spec } = this;
    const n = batch.numRows;
    if (n === 0) return [];
    this.ensureIndex();
    const input = fromRecordBatch(batch, spec.inputSchema);
    const window = input.columns[spec.sessionWindowKey]!;
    const starts = window.fields![0]!.values as Float64Array;
    const ends = window.fields![1]!.values as Float64Array;
    const windowNulls = window.nulls ?? window.fields![0]!.nulls ?? window.fields![1]!.nulls;
    const eventTime = spec.eventTimeKey !== undefined && spec.outputMode !== null ? eventTimeMsReader(input.columns[spec.eventTimeKey]!) : undefined;
    const lateWatermarkMs = ctx.lateWatermarkMs;
    // late rows out, the rest in session-start order (stable), as Spark sorts by (keys, session start) before merging
    const order = new Int32Array(n);
    let m = 0;
    let sorted = true;
    let late: number[] | null = null;
    for (let i = 0; i < n; i++) {
      if (windowNulls !== null && windowNulls[i] === 1) continue; // Spark filters rows whose session window is null
      if (eventTime !== undefined && eventTime(i) <= lateWatermarkMs) {
        (late ??= []).push(i);
        continue;
      }
      if (m > 0 && starts[i]! < starts[order[m - 1]!]!) sorted = false;
      order[m++] = i;
    }
    const rows = order.subarray(0, m);
    if (!sorted) rows.sort((a, b) => starts[a]! - starts[b]! || a - b);
    const groupColumns = this.groupKeyIndices.map((k) => input.columns[k]!);
    const parts: PartReader[] = groupColumns.length === 0 ? [() => 0] : keyPartReaders(groupColumns);
    const args = spec.argumentIndices.map((idx) => idx.map((i) => input.columns[i]!));
    let minEnd = this.minEndSinceScanMs;
    let sessionDelta = 0;
    for (let r = 0; r < m; r++) {
      const i = rows[r]!;
      let group = this.groups.get(parts, i);
      if (group === undefined) {
        const keys = groupColumns.map((c) => internalValueAt(c, i));
        group = { stateKey: stateKeyOf(keys), keys, sessions: [] };
        this.groups.set(parts, i, group);
        spec.store.put(group.stateKey, group);
        this.touched.set(group, []);
      } else if (!this.touched.has(group)) {
        this.touched.set(group, group.sessions.map((s) => s.start));
        spec.store.touch(group.stateKey, group); // sessions change in place: a failed batch ends the query, a restart restores state
      }
      this.fillArgs(args, i);
      sessionDelta += addRow(group.sessions, starts[i]!, ends[i]!, spec.functions, this.rowArgs);
      if (ends[i]! / MICROS_PER_MS < minEnd) minEnd = ends[i]! / MICROS_PER_MS;
    }
    this.sessionCount += sessionDelta;
    this.minEndSinceScanMs = minEnd;
    if (late !== null) this.recordLate(input.columns, late);
    return [];
  }

  private fillArgs(args: readonly (readonly ColumnVector[])[], i: number): void {
    for (let k = 0; k < args.length; k++) {
      const values = this.rowArgs[k]!;
      const cols = args[k]!;
      for (let a = 0; a < cols.length; a++) values[a] = valueOf(cols[a]!, i);
    }
  }

  private recordLate(columns: readonly ColumnVector[], late: readonly number[]): void {
    // Spark drops late rows after its partial aggregation by (keys, session_window): one per distinct late key
    const keyOf = compileKeyEncoder(columns.slice(0, this.spec.keyCount));
    this.late.record(new Set(late.map(keyOf)).size, columns, late);
  }

  onBatchEnd(ctx: BatchContext): RecordBatch[] {
    const { spec } = this;
    const mode = spec.outputMode;
    let upserted = 0;
    let removed = 0;
    for (const [group, before] of this.touched) {
      const sessions = group.sessions;
      upserted += sessions.length;
      for (const start of before) if (!sessions.some((s) => s.start === start)) removed++;
    }
    this.touched.clear();
    const emitted: { keys: unknown[]; session: SessionState }[] = [];
    if (mode === null || mode === 'complete') {
      for (const [key, g] of spec.store.entries()) {
        for (const session of g.sessions) emitted.push({ keys: g.keys, session });
        if (mode === null) spec.store.remove(key);
      }
      if (mode === null) {
        this.groups.clear();
        this.sessionCount = 0;
      }
    } else {
      this.ensureIndex();
      removed += this.evict(ctx.watermarkMs, mode === 'append' ? emitted : null);
      this.lastEvictionWatermarkMs = ctx.watermarkMs;
    }
    this.pendingStats = { numRowsUpdated: upserted, numRowsRemoved: removed };
    return emitted.length === 0 ? [] : [this.toBatch(emitted)];
  }

  /** Removes the sessions the watermark closed (their event time <= watermark), handing them to `emitted`; returns how many. */
  private evict(watermarkMs: number, emitted: { keys: unknown[]; session: SessionState }[] | null): number {
    const { spec } = this;
    const timeKey = spec.eventTimeKey;
    if (timeKey === undefined) return 0;
    const groupTimeKey = timeKey === spec.sessionWindowKey ? -1 : this.groupKeyIndices.indexOf(timeKey);
    // nothing can close when the watermark did not move and no session reached back behind it
    if (groupTimeKey < 0 && watermarkMs <= this.lastScanWatermarkMs && this.minEndSinceScanMs > watermarkMs) return 0;
    let removed = 0;
    for (const [key, g] of spec.store.entries()) {
      // sessions are sorted by start and never touch, so their ends are sorted too: the closed ones are a prefix
      let count = 0;
      if (groupTimeKey >= 0) {
        const t = g.keys[groupTimeKey];
        if (t !== null && (t as number) / MICROS_PER_MS <= watermarkMs) count = g.sessions.length;
      } else {
        while (count < g.sessions.length && g.sessions[count]!.end / MICROS_PER_MS <= watermarkMs) count++;
      }
      if (count === 0) continue;
      if (emitted !== null) for (let k = 0; k < count; k++) emitted.push({ keys: g.keys, session: g.sessions[k]! });
      removed += count;
      if (count === g.sessions.length) {
        spec.store.remove(key);
        this.groups.delete(this.partsOf(g));
      } else {
        g.sessions.splice(0, count);
        spec.store.touch(key, g);
      }
    }
    this.sessionCount -= removed;
    this.lastScanWatermarkMs = watermarkMs;
    this.minEndSinceScanMs = Number.POSITIVE_INFINITY;
    return removed;
  }

  private toBatch(rows: readonly { keys: unknown[]; session: SessionState }[]): RecordBatch {
    const { spec } = this;
    const fields = spec.outputSchema.fields;
    const n = rows.length;
    const columns: ColumnVector[] = [];
    for (let k = 0; k < spec.keyCount; k++) {
      if (k === spec.sessionWindowKey) {
        columns.push(sessionWindowVector(fields[k]!.dataType, rows));
      } else {
        const g = this.groupKeyIndices.indexOf(k);
        columns.push(vectorFromInternal(fields[k]!.dataType, rows.map((r) => r.keys[g])));
      }
    }
    spec.functions.forEach((f, k) => {
      columns.push(vectorFromInternal(fields[spec.keyCount + k]!.dataType, rows.map((r) => f.result(r.session.buffers[k]))));
    });
    return toRecordBatch(spec.outputSchema, columns, n);
  }

  commit(version: number): void {
    if (this.spec.outputMode === null) return;
    this.spec.store.commit(version);
    this.lastStats = this.pendingStats;
    this.pendingStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  }

  abort(): void {
    this.spec.store.abort();
    // the store's rows come back from the checkpoint (restore): index and count them again then
    this.groups.clear();
    this.indexed = false;
    this.touched.clear();
    this.late.clear();
    this.pendingStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
    this.lastScanWatermarkMs = Number.NEGATIVE_INFINITY;
  }

  /** Spark's shouldRunAnotherBatch: append mode with a watermark that moved past the last eviction's. */
  needsNoDataBatch(nextWatermarkMs: number): boolean {
    return this.spec.outputMode === 'append' && this.spec.eventTimeKey !== undefined && nextWatermarkMs > this.lastEvictionWatermarkMs;
  }

  takeLateRows(): LateRows | null {
    return this.late.take();
  }

  stateProgress(): StateOperatorMetrics {
    const dropped = this.late.takeCount();
    this.ensureIndex();
    const memoryUsedBytes = this.spec.store.memoryUsedBytes((g) => 24 + 16 * g.keys.length + g.sessions.length * (40 + 16 * this.spec.functions.length));
    return {
      // Spark 3.5's SessionWindowStateStoreSaveExec keeps the default short name (test/fixtures/spark/session_window_append.json)
      operatorName: 'defaultName',
      numRowsTotal: this.sessionCount,
      numRowsUpdated: this.lastStats.numRowsUpdated,
      numRowsRemoved: this.lastStats.numRowsRemoved,
      memoryUsedBytes,
      numRowsDroppedByWatermark: dropped,
    };
  }
}

/**
 * Adds row window [s, e) (µs) with the row's aggregate arguments to sorted, non-touching `sessions`, merging every
 * session it touches. Buffers fold in session-start order (Spark's sort order), so first()/last() agree with Spark.
 * Returns the change in the number of sessions (+1 for a new one, -k when k + 1 sessions merged).
 */
function addRow(sessions: SessionState[], s: number, e: number, functions: readonly AggregateFunction[], rowArgs: readonly unknown[][]): number {
  // first session whose end reaches s (ends are sorted)
  let lo = 0;
  let hi = sessions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sessions[mid]!.end < s) lo = mid + 1;
    else hi = mid;
  }
  const j = lo;
  if (j === sessions.length || sessions[j]!.start > e) {
    sessions.splice(j, 0, { start: s, end: e, buffers: updated(functions.map((f) => f.init()), functions, rowArgs) });
    return 1;
  }
  let last = j;
  while (last + 1 < sessions.length && sessions[last + 1]!.start <= e) last++;
  const first = sessions[j]!;
  let buffers: unknown[];
  if (s >= first.start) {
    buffers = updated(first.buffers, functions, rowArgs);
  } else {
    buffers = merged(updated(functions.map((f) => f.init()), functions, rowArgs), first.buffers, functions);
    first.start = s;
  }
  for (let k = j + 1; k <= last; k++) buffers = merged(buffers, sessions[k]!.buffers, functions);
  first.end = Math.max(e, sessions[last]!.end);
  first.buffers = buffers;
  if (last > j) sessions.splice(j + 1, last - j);
  return j - last;
}

function updated(buffers: unknown[], functions: readonly AggregateFunction[], rowArgs: readonly unknown[][]): unknown[] {
  for (let k = 0; k < functions.length; k++) buffers[k] = functions[k]!.update(buffers[k], rowArgs[k]!);
  return buffers;
}

function merged(a: unknown[], b: readonly unknown[], functions: readonly AggregateFunction[]): unknown[] {
  for (let k = 0; k < functions.length; k++) a[k] = functions[k]!.merge(a[k], b[k]);
  return a;
}

function sessionWindowVector(type: DataType, rows: readonly { session: SessionState }[]): ColumnVector {
  const n = rows.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = rows[i]!.session.start;
    ends[i] = rows[i]!.session.end;
  }
  const fieldTypes = type.kind === 'struct' ? type.fields.map((f) => f.dataType) : [];
  return {
    dataType: type, length: n, values: [], nulls: null,
    fields: [
      { dataType: fieldTypes[0]!, length: n, values: starts, nulls: null },
      { dataType: fieldTypes[1]!, length: n, values: ends, nulls: null },
    ],
  };
}

function valueOf(v: ColumnVector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return v.fields ? internalValueAt(v, i) : (v.values as ArrayLike<unknown>)[i];
}

/**
 * The operator of an AggregateExec with a session_window key (Spark 3.5 rejects update mode for it, and so does this).
 * @example
 * const op = createSessionWindowOperator({ ...aggregateSpec, sessionWindowKey: 1, store: new StateStore<SessionGroupState>('session-0') });
 * op.processBatch(batch, ctx, 0); op.onBatchEnd(ctx); // append: the sessions the watermark closed
 */
export function createSessionWindowOperator(spec: SessionWindowOperatorSpec): Operator {
  if (spec.outputMode === 'update') {
    throw userError('UNSUPPORTED_OPERATION', 'Update output mode not supported for session window on streaming DataFrames/DataSets', {
      hint: "use outputMode('append') (sessions are written once the watermark closes them) or outputMode('complete')",
    });
  }
  return new SessionWindowOperator(spec);
}
