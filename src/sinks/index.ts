// The built-in sink formats: importing this module registers console, memory, noop and json; re-exports the sink classes.
import './console/console-sink.js';
import './memory/memory-sink.js';
import './noop/noop-sink.js';
import './file/json-file-sink.js';
import './kafka/index.js';

export { ConsoleSink, consoleSinkProvider } from './console/console-sink.js';
export { formatTable } from './console/format-table.js';
export type { FormatTableOptions } from './console/format-table.js';
export { MemorySink, memorySinkProvider } from './memory/memory-sink.js';
export { NoopSink, noopSinkProvider } from './noop/noop-sink.js';
export { JsonFileSink, checkJsonSinkOutputMode, jsonFileSinkProvider, jsonPartFileName } from './file/json-file-sink.js';
export { ForeachSink } from './foreach/foreach-sink.js';
export type { ForeachWriter } from './foreach/foreach-sink.js';
export { ForeachBatchSink } from './foreach/foreach-batch-sink.js';
export type { ForeachBatchFunction } from './foreach/foreach-batch-sink.js';
export { lookupSinkProvider, registerSinkProvider, sinkFormats } from './sink.js';
export type { MemoryTable, OutputMode, Sink, SinkContext, SinkProvider } from './sink.js';
