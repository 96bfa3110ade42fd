// The public exports of brook, nothing else.
export { Session, SessionBuilder } from './api/session.js';
export { DataFrame } from './api/data-frame.js';
export { DataStreamReader, DataFrameReader } from './api/data-stream-reader.js';
export { DataStreamWriter } from './api/data-stream-writer.js';
export { MemoryStream } from './api/memory-stream.js';
export { RuntimeConfig } from './api/runtime-config.js';
export { Column } from './api/column.js';
export type { ColumnOrName } from './api/column.js';
export * as functions from './api/functions.js';
export * from './api/functions.js';
export { StreamingQuery } from './runtime/streaming-query.js';
export type { StreamingQueryStatus } from './runtime/streaming-query.js';
export { StreamingQueryManager } from './runtime/query-manager.js';
export type {
  StreamingQueryListener, StreamingQueryProgress, SourceProgress, StateOperatorProgress,
  QueryStartedEvent, QueryProgressEvent, QueryIdleEvent, QueryTerminatedEvent,
} from './runtime/progress.js';
export type { TriggerSpec } from './runtime/trigger.js';
export type { ForeachWriter } from './sinks/index.js';
export type { OutputMode } from './sinks/sink.js';
export {
  StructType, StructField, NullType, BooleanType, IntegerType, LongType, FloatType, DoubleType, StringType,
  BinaryType, DateType, TimestampType, DecimalType, ArrayTypeOf as ArrayType, MapTypeOf as MapType,
} from './common/data-types.js';
export type { DataType } from './common/data-types.js';
export { parseSchema, parseDataType } from './common/schema-parser.js';
export { BrookError } from './common/errors.js';
export { runSqlScript, type SqlScriptOptions, type SqlScriptQuery, type SqlScriptResult } from './api/sql-script.js';
