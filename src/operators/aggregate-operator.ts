// Streaming (and batch) hash aggregation with state: groups kept in a StateStore, output by Spark's output-mode rules.
import type { RecordBatch } from 'apache-arrow';
import type { DataType, StructType } from '../common/data-types.js';
import type { AggregateFunction } from '../compute/aggregates/aggregate-function.js';
import { fromRecordBatch, toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { internalValueAt, vectorFromInternal } from '../compute/column-vector.js';
import type { OutputMode } from '../sinks/sink.js';
import type { StateStore } from '../state/state-store.js';
import { compileKeyEncoder } from './group-key.js';
import { GroupIndex, keyPartReaders, partCount, partsOfValues, stateKeyOf } from './group-index.js';
import { eventTimeMsReader } from './event-time.js';
import { LateRowsBuffer } from './late-rows.js';
import type { BatchContext, LateRows, Operator, StateOperatorMetrics } from './operator.js';

/** One group's state: its key values and one buffer per aggregate. */
export interface GroupState {
  /** The group's key in the state store (made once, when the group is created). */
  readonly stateKey: string;
  readonly keys: unknown[];
  readonly buffers: unknown[];
  /** The last batch that changed the group (operator bookkeeping, not persisted). */
  touchedInBatch?: number;
}

export interface AggregateOperatorSpec {
  readonly inputSchema: StructType;
  readonly outputSchema: StructType;
  readonly keyCount: number;
  readonly functions: readonly AggregateFunction[];
  /** Input column indices of each aggregate's arguments. */
  readonly argumentIndices: readonly (readonly number[])[];
  /** Key index of the event-time key (timestamp or window), when the query has a watermark on it. */
  readonly eventTimeKey?: number;
  /** Key index of a tumbling/sliding window key (all its windows have one size, so the start identifies it). */
  readonly timeWindowKey?: number;
  /** null for batch queries (emit everything once, keep nothing). */
  readonly outputMode: OutputMode | null;
  readonly store: StateStore<GroupState>;
  readonly captureLateRows: boolean;
}

/**
 * processBatch: rows whose event-time key is at or behind the late watermark are dropped (counted, optionally kept
 *   for the late-rows sink); the others update their group's buffers.
 * onBatchEnd, by output mode:
 *   complete → every group;  update → the groups changed in this batch, then groups behind the watermark are evicted;
 *   append   → the groups behind the watermark (final), which are evicted;  batch → every group.
 */
export class AggregateOperator implements Operator {
  readonly description = 'Aggregate';
  /** Groups changed in this batch. */
  private updated: GroupState[] = [];
  private readonly groups: GroupIndex<GroupState>;
  private readonly keyTypes: DataType[];
  /** Key indices that are time windows (identified by their start alone). */
  private readonly windowKeys: ReadonlySet<number>;
  private readonly late: LateRowsBuffer;
  private lastStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  private lastEvictionWatermarkMs = 0;
  /** Groups by event time (ms) of their event-time key, so eviction visits only the groups it removes. */
  private readonly byEventTime = new Map<number, Set<GroupState>>();
  private indexedVersion = -1;

  constructor(private readonly spec: AggregateOperatorSpec) {
    this.late = new LateRowsBuffer(spec.inputSchema, spec.captureLateRows);
    this.keyTypes = spec.inputSchema.fields.slice(0, spec.keyCount).map((f) => f.dataType);
    this.windowKeys = new Set(spec.timeWindowKey === undefined ? [] : [spec.timeWindowKey]);
    this.groups = new GroupIndex<GroupState>(Math.max(1, this.keyTypes.reduce((n, t, k) => n + partCount(t, this.windowKeys.has(k)), 0)));
  }

  processBatch(batch: RecordBatch, ctx: BatchContext): RecordBatch[] {
    const { spec } = this;
    this.ensureIndex();
    const input = fromRecordBatch(batch, spec.inputSchema);
    const keyColumns = input.columns.slice(0, spec.keyCount);
    const parts = spec.keyCount === 0 ? [() => 0] : keyPartReaders(keyColumns, this.windowKeys);
    const args = spec.argumentIndices.map((idx) => idx.map((i) => input.columns[i]!));
    // complete mode keeps every group, so nothing is late there (Spark applies the late-row filter in append/update only)
    const filtersLate = spec.outputMode === 'append' || spec.outputMode === 'update';
    const eventTime = spec.eventTimeKey !== undefined && filtersLate ? eventTimeMsReader(keyColumns[spec.eventTimeKey]!) : undefined;
    const late: number[] = [];
    const lateKeys = new Set<string>();
    const lateKeyOf = eventTimeLateKey(keyColumns);
    const rowArgs = spec.functions.map((_, k) => new Array<unknown>(args[k]!.length));
    for (let i = 0; i < input.numRows; i++) {
      if (eventTime !== undefined && eventTime(i) <= ctx.lateWatermarkMs) {
        late.push(i);
        lateKeys.add(lateKeyOf(i));
        continue;
      }
      let group = this.groups.get(parts, i);
      if (group === undefined) {
        const keys = keyColumns.map((c) => internalValueAt(c, i));
        group = { stateKey: stateKeyOf(keys), keys, buffers: spec.functions.map((f) => f.init()) };
        this.groups.set(parts, i, group);
        if (spec.eventTimeKey !== undefined) this.index(group);
        spec.store.put(group.stateKey, group);
        group.touchedInBatch = ctx.batchId;
        this.updated.push(group);
      }
      // buffers are updated in place: a failed batch ends the query, and a restart reloads state from the checkpoint
      for (let k = 0; k < spec.functions.length; k++) {
        const values = rowArgs[k]!;
        const cols = args[k]!;
        for (let a = 0; a < cols.length; a++) values[a] = valueOf(cols[a]!, i);
        group.buffers[k] = spec.functions[k]!.update(group.buffers[k], values);
      }
      if (group.touchedInBatch !== ctx.batchId) {
        spec.store.touch(group.stateKey, group);
        group.touchedInBatch = ctx.batchId;
        this.updated.push(group);
      }
    }
    // Spark counts late rows after its partial aggregation: one per distinct late group key (PySpark 3.5.9, windowed b6)
    this.late.record(lateKeys.size, input.columns, late);
    return [];
  }

  onBatchEnd(ctx: BatchContext): RecordBatch[] {
    const { spec } = this;
    const emitted: GroupState[] = [];
    const mode = spec.outputMode;
    this.ensureIndex();
    if (mode === null || mode === 'complete') {
      for (const [, g] of spec.store.entries()) emitted.push(g);
      if (mode === null) {
        for (const [key] of spec.store.entries()) spec.store.remove(key);
        this.groups.clear();
      }
    } else if (mode === 'update') {
      for (const g of this.updated) emitted.push(g);
      this.evict(ctx.watermarkMs, null);
    } else {
      this.evict(ctx.watermarkMs, emitted);
    }
    if (mode !== null && mode !== 'complete') this.lastEvictionWatermarkMs = ctx.watermarkMs;
    this.updated = [];
    return emitted.length === 0 ? [] : [this.toBatch(emitted)];
  }

  /** Removes the groups whose event time is at or behind the watermark (collecting them into `emitted` in append mode). */
  private evict(watermarkMs: number, emitted: GroupState[] | null): void {
    if (this.spec.eventTimeKey === undefined) return;
    const due = [...this.byEventTime.keys()].filter((t) => t <= watermarkMs).sort((a, b) => a - b);
    for (const t of due) {
      for (const g of this.byEventTime.get(t)!) {
        emitted?.push(g);
        this.spec.store.remove(g.stateKey);
        this.groups.delete(partsOfValues(this.keyTypes, g.keys, this.windowKeys));
      }
      this.byEventTime.delete(t);
    }
  }

  private index(group: GroupState): void {
    const t = eventTimeOfKey(group.keys[this.spec.eventTimeKey!]);
    let groups = this.byEventTime.get(t);
    if (!groups) this.byEventTime.set(t, (groups = new Set()));
    groups.add(group);
  }

  /** Builds the group and event-time indexes once from the store (which a checkpoint restore may have filled). */
  private ensureIndex(): void {
    if (this.indexedVersion !== -1) return;
    this.indexedVersion = this.spec.store.version;
    for (const [, g] of this.spec.store.entries()) {
      this.groups.setParts(partsOfValues(this.keyTypes, g.keys, this.windowKeys), g);
      if (this.spec.eventTimeKey !== undefined) this.index(g);
    }
  }

  private toBatch(groups: readonly GroupState[]): RecordBatch {
    const { spec } = this;
    const fields = spec.outputSchema.fields;
    const columns: ColumnVector[] = [];
    for (let k = 0; k < spec.keyCount; k++) columns.push(vectorFromInternal(fields[k]!.dataType, groups.map((g) => g.keys[k])));
    spec.functions.forEach((f, k) => {
      columns.push(vectorFromInternal(fields[spec.keyCount + k]!.dataType, groups.map((g) => f.result(g.buffers[k]))));
    });
    return toRecordBatch(spec.outputSchema, columns, groups.length);
  }

  commit(version: number): void {
    if (this.spec.outputMode === null) return;
    const stats = this.spec.store.commit(version);
    this.lastStats = { numRowsUpdated: stats.numRowsUpdated, numRowsRemoved: stats.numRowsRemoved };
  }

  abort(): void {
    this.spec.store.abort();
    this.updated = [];
    this.late.clear();
  }

  needsNoDataBatch(nextWatermarkMs: number): boolean {
    const mode = this.spec.outputMode;
    return mode !== null && mode !== 'complete' && this.spec.eventTimeKey !== undefined && nextWatermarkMs > this.lastEvictionWatermarkMs;
  }

  takeLateRows(): LateRows | null {
    return this.late.take();
  }

  stateProgress(): StateOperatorMetrics {
    const dropped = this.late.takeCount();
    return {
      operatorName: 'stateStoreSave',
      numRowsTotal: this.spec.store.size,
      numRowsUpdated: this.lastStats.numRowsUpdated,
      numRowsRemoved: this.lastStats.numRowsRemoved,
      memoryUsedBytes: this.spec.store.memoryUsedBytes((g) => 24 + 16 * (g.keys.length + g.buffers.length)),
      numRowsDroppedByWatermark: dropped,
    };
  }
}

/** Late rows are counted per distinct group key, like Spark (after its partial aggregation). */
function eventTimeLateKey(keyColumns: readonly ColumnVector[]): (i: number) => string {
  return compileKeyEncoder(keyColumns);
}

function valueOf(v: ColumnVector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return v.fields ? internalValueAt(v, i) : (v.values as ArrayLike<unknown>)[i];
}

/** A key's event time in ms: a window's end, or a timestamp. */
function eventTimeOfKey(key: unknown): number {
  if (key === null || key === undefined) return Number.POSITIVE_INFINITY;
  if (typeof key === 'number') return key / 1000;
  return ((key as { end: number }).end) / 1000;
}
