// What a SQL table's WITH (...) means: 'connector' → source/sink format, 'format' → JSON value encoding, the rest → .option().
import { userError } from '../common/errors.js';
import type { CreateTableStatement, SqlOption } from '../sql/statements.js';
import { lookupSinkProvider, sinkFormats } from '../sinks/sink.js';
import { lookupSourceProvider, sourceFormats } from '../sources/source.js';

/** The keys the SQL layer reads itself; every other WITH key is handed to the reader/writer as `.option(key, value)`. */
export const SQL_TABLE_KEYS: readonly string[] = ['connector', 'format', 'key.fields'];
/** Options with this prefix go to from_json / to_json (without the prefix), e.g. 'json.mode' = 'FAILFAST'. */
export const JSON_OPTION_PREFIX = 'json.';

/** Connector names of the SQL layer that differ from format names, with what they read and write. */
const CONNECTORS: Readonly<Record<string, { source?: string; sink?: string }>> = {
  kafka: { source: 'kafka', sink: 'kafka' },
  memory: { source: 'memory', sink: 'memory' },
  console: { sink: 'console' },
  print: { sink: 'console' },
  noop: { sink: 'noop' },
  blackhole: { sink: 'noop' },
  rate: { source: 'rate' },
  sales: { source: 'sales' },
};
const FILE_CONNECTORS = ['file', 'filesystem'];
const SUPPORTED_FORMATS = ['json'];

/** A table's WITH options, understood. */
export interface TableConnector {
  readonly table: string;
  readonly connector: string;
  /** The reader format (undefined: the table cannot be read). */
  readonly sourceFormat?: string;
  /** The writer format (undefined: the table cannot be written). */
  readonly sinkFormat?: string;
  /** 'json' when declared: the source's `value` is parsed into the columns, and sink rows are written as JSON text. */
  readonly valueFormat?: 'json';
  readonly options: Readonly<Record<string, string>>;
  readonly jsonOptions: Readonly<Record<string, string>>;
  readonly keyFields: readonly string[];
  readonly option: (key: string) => SqlOption | undefined;
}

/**
 * Reads 'connector', 'format', 'key.fields' and 'json.*' from a CREATE TABLE; fails on a missing or unknown connector.
 * @example tableConnector(createTable) // { connector: 'file', sourceFormat: 'json', sinkFormat: 'json', options: { path: '/data' }, … }
 */
export function tableConnector(table: CreateTableStatement): TableConnector {
  const option = (key: string) => table.options.find((o) => o.key.toLowerCase() === key);
  const connectorOption = option('connector');
  if (connectorOption === undefined) {
    throw userError('MISSING_CONNECTOR', `Table '${table.name}' has no 'connector' option`, {
      span: table.withSpan, hint: `add 'connector' = '...' to WITH (...); connectors: ${knownConnectors().join(', ')}`,
    });
  }
  const connector = connectorOption.value.toLowerCase();
  const formatOption = option('format');
  const format = formatOption?.value.toLowerCase();
  if (formatOption !== undefined && !SUPPORTED_FORMATS.includes(format!)) {
    throw userError('UNSUPPORTED_FORMAT', `Format '${formatOption.value}' is not supported: brook reads and writes 'json'`, { span: formatOption.valueSpan });
  }
  const options: Record<string, string> = {};
  const jsonOptions: Record<string, string> = {};
  for (const o of table.options) {
    const key = o.key.toLowerCase();
    if (SQL_TABLE_KEYS.includes(key)) continue;
    if (key.startsWith(JSON_OPTION_PREFIX)) jsonOptions[o.key.slice(JSON_OPTION_PREFIX.length)] = o.value;
    else options[o.key] = o.value;
  }
  const keyFields = option('key.fields')?.value.split(/[;,]/).map((k) => k.trim()).filter((k) => k !== '') ?? [];
  const base = { table: table.name, connector, options, jsonOptions, keyFields, option };
  if (FILE_CONNECTORS.includes(connector)) {
    if (format === undefined) {
      throw userError('MISSING_FORMAT', `Table '${table.name}' with 'connector' = '${connectorOption.value}' needs a 'format' option`, {
        span: connectorOption.valueSpan, hint: "add 'format' = 'json' and 'path' = '/some/dir'",
      });
    }
    return { ...base, sourceFormat: format, sinkFormat: format };
  }
  const known = CONNECTORS[connector];
  const valueFormat = format === 'json' ? ('json' as const) : undefined;
  if (known) return { ...base, ...known.source ? { sourceFormat: known.source } : {}, ...known.sink ? { sinkFormat: known.sink } : {}, ...valueFormat ? { valueFormat } : {} };
  const source = lookupSourceProvider(connector);
  const sink = lookupSinkProvider(connector);
  if ((source === undefined || connector === 'memorytable') && sink === undefined) {
    throw userError('UNKNOWN_CONNECTOR', `Unknown connector '${connectorOption.value}' in table '${table.name}'`, {
      span: connectorOption.valueSpan, hint: `connectors: ${knownConnectors().join(', ')}`,
    });
  }
  return { ...base, ...source ? { sourceFormat: source.format } : {}, ...sink ? { sinkFormat: sink.format } : {}, ...valueFormat ? { valueFormat } : {} };
}

/** The connector names a WITH clause may use right now (registered formats included). */
export function knownConnectors(): string[] {
  const names = new Set<string>(['file', 'kafka', 'memory', 'console', 'noop', 'rate', 'sales']);
  for (const f of [...sourceFormats(), ...sinkFormats()]) if (f !== 'memorytable' && f !== 'json') names.add(f);
  return [...names].sort();
}
