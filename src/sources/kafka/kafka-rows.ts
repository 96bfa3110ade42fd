// The Kafka source's row schema (Spark's: key, value, topic, partition, offset, timestamp, timestampType[, headers]) and records → Arrow batches.
import type { RecordBatch } from 'apache-arrow';
import { ArrayTypeOf, BinaryType, IntegerType, LongType, StringType, StructType, TimestampType } from '../../common/data-types.js';
import { toRecordBatch } from '../../compute/arrow-bridge.js';
import type { ColumnVector } from '../../compute/column-vector.js';
import type { RangeRecords } from './kafka-client.js';

/** Spark's Kafka headers type: ARRAY<STRUCT<key: STRING, value: BINARY>>. */
export const KAFKA_HEADERS_TYPE = ArrayTypeOf(new StructType().add('key', StringType).add('value', BinaryType));

/** The Kafka source's rows without headers. */
export const KAFKA_SCHEMA = new StructType()
  .add('key', BinaryType).add('value', BinaryType).add('topic', StringType).add('partition', IntegerType)
  .add('offset', LongType).add('timestamp', TimestampType).add('timestampType', IntegerType);

/** The Kafka source's rows with includeHeaders=true. */
export const KAFKA_SCHEMA_WITH_HEADERS = KAFKA_SCHEMA.add('headers', KAFKA_HEADERS_TYPE);

const MAX_BATCH_ROWS = 65_536;

function binaryColumn(values: (Uint8Array | null)[], n: number): ColumnVector {
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) if (values[i] === null) (nulls ??= new Uint8Array(n))[i] = 1;
  return { dataType: BinaryType, length: n, values, nulls };
}

/** Where the next record comes from: a range and a record index in it. */
interface Cursor {
  range: number;
  index: number;
}

/** One Arrow batch of the next `n` records from the cursor (which moves past them). */
function buildBatch(ranges: readonly RangeRecords[], cursor: Cursor, n: number, includeHeaders: boolean): RecordBatch {
  const keys = new Array<Uint8Array | null>(n);
  const values = new Array<Uint8Array | null>(n);
  const topics = new Array<string>(n);
  const partitions = new Int32Array(n);
  const offsets = new Float64Array(n);
  const timestamps = new Float64Array(n);
  const types = new Int32Array(n);
  const headers = includeHeaders ? new Array<unknown[]>(n) : undefined;
  for (let i = 0; i < n; i++) {
    while (cursor.index >= ranges[cursor.range]!.records.length) {
      cursor.range++;
      cursor.index = 0;
    }
    const range = ranges[cursor.range]!;
    const r = range.records[cursor.index++]!;
    keys[i] = r.key;
    values[i] = r.value;
    topics[i] = range.topic;
    partitions[i] = range.partition;
    offsets[i] = r.offset;
    timestamps[i] = r.timestampMs * 1000;
    types[i] = r.timestampType;
    if (headers !== undefined) headers[i] = r.headers.map((h) => ({ key: h.key, value: h.value }));
  }
  const columns: ColumnVector[] = [
    binaryColumn(keys, n),
    binaryColumn(values, n),
    { dataType: StringType, length: n, values: topics, nulls: null },
    { dataType: IntegerType, length: n, values: partitions, nulls: null },
    { dataType: LongType, length: n, values: offsets, nulls: null },
    { dataType: TimestampType, length: n, values: timestamps, nulls: null },
    { dataType: IntegerType, length: n, values: types, nulls: null },
  ];
  if (headers !== undefined) columns.push({ dataType: KAFKA_HEADERS_TYPE, length: n, values: headers, nulls: null });
  return toRecordBatch(includeHeaders ? KAFKA_SCHEMA_WITH_HEADERS : KAFKA_SCHEMA, columns, n);
}

/**
 * The records of the ranges as Arrow batches (in range order, then offset order), 65,536 rows at most each.
 * @example kafkaRecordBatches([{ topic: 't', partition: 0, from: 0, to: 1, records }], false)[0].numRows // 1
 */
export function kafkaRecordBatches(ranges: readonly RangeRecords[], includeHeaders: boolean): RecordBatch[] {
  let total = 0;
  for (const r of ranges) total += r.records.length;
  const out: RecordBatch[] = [];
  const cursor: Cursor = { range: 0, index: 0 };
  for (let done = 0; done < total; done += MAX_BATCH_ROWS) {
    out.push(buildBatch(ranges, cursor, Math.min(MAX_BATCH_ROWS, total - done), includeHeaders));
  }
  return out;
}
