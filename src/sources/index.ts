// The built-in source formats: importing this module registers memory, rate, sales, nexmark, json, kafka and state; re-exports their classes.
import './memory/memory-stream.js';
import './rate/rate-source.js';
import './generators/sales-generator.js';
import './generators/nexmark-generator.js';
import './file/json-file-source.js';
import './kafka/index.js';

export { MemoryStream, MemoryStreamSource, memoryStreamProvider } from './memory/memory-stream.js';
export { RATE_SCHEMA, RateSource, rateSourceProvider } from './rate/rate-source.js';
export type { GeneratedOffset, RateOptions } from './rate/rate-source.js';
export {
  SALES_COLUMNS_SCHEMA, SALES_JSON_SCHEMA, SALES_PRODUCTS, SALES_REGIONS, SalesEventGenerator, SalesSource, parseSalesOptions, salesSourceProvider,
} from './generators/sales-generator.js';
export type { SalesEvent, SalesOptions } from './generators/sales-generator.js';
export { JsonFileSource, inferJsonFileSchema, jsonFileSourceProvider, listJsonFiles } from './file/json-file-source.js';
export type { JsonFileOptions, JsonFileSourceProvider } from './file/json-file-source.js';
export { lookupSourceProvider, optionOf, registerSourceProvider, sourceFormats } from './source.js';
export type { Offset, Source, SourceContext, SourceProvider } from './source.js';
import './state/state-source.js';
