// The statements of a brook SQL script (DDL, views, INSERT, SET, EXPLAIN, SELECT), each with the spans its errors point at.
import type { DataType } from '../common/data-types.js';
import type { SourceSpan } from '../common/errors.js';
import type { Expr } from '../planner/expr/expression.js';
import type { SelectQuery } from './query-parser.js';

/** One `'key' = 'value'` of a WITH (...) list or an OPTIONS(...) hint. */
export interface SqlOption {
  readonly key: string;
  readonly value: string;
  readonly keySpan: SourceSpan;
  readonly valueSpan: SourceSpan;
}

/** `WATERMARK FOR column AS column - INTERVAL '10' SECOND`: the event-time column and its delay ('10 seconds'). */
export interface WatermarkClause {
  readonly column: string;
  readonly delay: string;
  readonly columnSpan: SourceSpan;
  readonly span: SourceSpan;
}

/**
 * A column of CREATE TABLE: `name TYPE` (physical: read from the source, or parsed from its JSON value),
 * `name TYPE METADATA [FROM 'field']` (a field of the raw source row, e.g. Kafka's `timestamp`), `name AS expr` (computed).
 */
export type TableColumn =
  | { readonly kind: 'physical'; readonly name: string; readonly dataType: DataType; readonly span: SourceSpan }
  | { readonly kind: 'metadata'; readonly name: string; readonly dataType: DataType; readonly from: string; readonly span: SourceSpan }
  | { readonly kind: 'computed'; readonly name: string; readonly expr: Expr; readonly span: SourceSpan };

export interface CreateTableStatement {
  readonly kind: 'createTable';
  readonly name: string;
  readonly nameSpan: SourceSpan;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly columns: readonly TableColumn[];
  readonly watermark?: WatermarkClause;
  readonly options: readonly SqlOption[];
  /** The WITH keyword (where a missing option is reported). */
  readonly withSpan: SourceSpan;
  readonly span: SourceSpan;
}

/** CREATE VIEW v [(column, …, WATERMARK FOR c AS c - INTERVAL …)] AS SELECT …: `columnNames` renames by position. */
export interface CreateViewStatement {
  readonly kind: 'createView';
  readonly name: string;
  readonly nameSpan: SourceSpan;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly columnNames: readonly { readonly name: string; readonly span: SourceSpan }[];
  readonly watermark?: WatermarkClause;
  readonly query: SelectQuery;
  readonly span: SourceSpan;
}

/** INSERT INTO table [/*+ OPTIONS(...) *\/] SELECT …: the hint sets outputMode, trigger, queryName, checkpointLocation or sink options. */
export interface InsertStatement {
  readonly kind: 'insert';
  readonly table: string;
  readonly tableSpan: SourceSpan;
  readonly hints: readonly SqlOption[];
  readonly query: SelectQuery;
  readonly span: SourceSpan;
}

/** SET 'key' = 'value'; SET alone lists the settings. */
export interface SetStatement {
  readonly kind: 'set';
  readonly key?: string;
  readonly value?: string;
  readonly keySpan?: SourceSpan;
  readonly valueSpan?: SourceSpan;
  readonly span: SourceSpan;
}

/** RESET 'key' (back to the default); RESET alone resets every key set by the script. */
export interface ResetStatement {
  readonly kind: 'reset';
  readonly key?: string;
  readonly span: SourceSpan;
}

export interface SelectStatement {
  readonly kind: 'select';
  readonly query: SelectQuery;
  readonly span: SourceSpan;
}

/** EXPLAIN [VERBOSE | EXTENDED] SELECT … | INSERT …: prints the text of df.explain() / df.explain(true). */
export interface ExplainStatement {
  readonly kind: 'explain';
  readonly verbose: boolean;
  readonly target: SelectStatement | InsertStatement;
  readonly span: SourceSpan;
}

export type Statement = CreateTableStatement | CreateViewStatement | InsertStatement | SetStatement | ResetStatement | SelectStatement | ExplainStatement;
