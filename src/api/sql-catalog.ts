// The tables and views a SQL script declares, and how FROM names resolve: script views, script tables, then the session.
import type { SourceSpan } from '../common/errors.js';
import { BrookError, userError } from '../common/errors.js';
import { subqueryAlias } from '../planner/logical/builder.js';
import type { LogicalPlan } from '../planner/logical/plan.js';
import { atSpan } from '../sql/error-spans.js';
import type { CreateTableStatement, CreateViewStatement } from '../sql/statements.js';
import type { DataFrame } from './data-frame.js';
import type { MemoryStream } from './memory-stream.js';
import type { Session } from './session.js';
import { tableConnector } from './sql-connectors.js';
import { tableSource } from './sql-table-source.js';

interface TableEntry {
  readonly statement: CreateTableStatement;
  /** Built on first read, so sink-only tables never open a source. */
  source?: DataFrame;
}

/**
 * Names declared by CREATE TABLE / CREATE VIEW (case-insensitive). Views are also registered in the session as temp
 * views, so `session.sql` and `session.table` see them after the script ran.
 * @example catalog.resolve('sales_events') // the table's streaming plan under the alias sales_events
 */
export class SqlCatalog {
  private readonly tables = new Map<string, TableEntry>();
  private readonly views = new Map<string, LogicalPlan>();
  /** The MemoryStream of each 'memory' table that was read, by lower-case table name. */
  readonly memoryStreams = new Map<string, MemoryStream>();

  constructor(private readonly session: Session) {}

  /** Declares a table; its connector options are checked now, its source is opened when a query reads it. */
  createTable(statement: CreateTableStatement): void {
    const key = statement.name.toLowerCase();
    if (this.exists(key)) {
      if (statement.ifNotExists) return;
      if (!statement.orReplace) throw alreadyExists('Table', statement.name, statement.nameSpan);
      this.views.delete(key);
    }
    tableConnector(statement);
    this.tables.set(key, { statement });
  }

  createView(statement: CreateViewStatement, plan: LogicalPlan): void {
    const key = statement.name.toLowerCase();
    if (this.exists(key)) {
      if (statement.ifNotExists) return;
      if (!statement.orReplace) throw alreadyExists('View', statement.name, statement.nameSpan);
      this.tables.delete(key);
    }
    this.views.set(key, plan);
    this.session.registerView(statement.name, plan);
  }

  /** The CREATE TABLE of a name, or undefined (views are not tables). */
  table(name: string): CreateTableStatement | undefined {
    return this.tables.get(name.toLowerCase())?.statement;
  }

  isView(name: string): boolean {
    return this.views.has(name.toLowerCase());
  }

  /** The plan a FROM name reads, under its name as alias; unknown names fail at `span`. */
  resolve(name: string, span?: SourceSpan): LogicalPlan {
    const key = name.toLowerCase();
    const view = this.views.get(key);
    if (view) return subqueryAlias(view, name);
    const entry = this.tables.get(key);
    if (entry) {
      entry.source ??= tableSource(this.session, entry.statement, this.memoryStreams);
      return subqueryAlias(entry.source.plan, name);
    }
    try {
      return this.session.table(name).plan;
    } catch (error) {
      if (!(error instanceof BrookError) || error.code !== 'TABLE_OR_VIEW_NOT_FOUND') throw error;
      const known = [...this.tables.values()].map((t) => t.statement.name).concat([...this.views.keys()]);
      throw userError('TABLE_OR_VIEW_NOT_FOUND', `The table or view '${name}' cannot be found. Known: ${known.length > 0 ? known.join(', ') : '(none)'}`, {
        span, hint: `declare it first: CREATE TABLE ${name} (...) WITH ('connector' = ...), or CREATE VIEW ${name} AS SELECT ...`,
      });
    }
  }

  /** A resolver for planSelect that points errors at the FROM name. */
  get resolver(): (name: string, span?: SourceSpan) => LogicalPlan {
    return (name, span) => atSpan(span, () => this.resolve(name, span));
  }

  private exists(key: string): boolean {
    return this.tables.has(key) || this.views.has(key);
  }
}

function alreadyExists(what: string, name: string, span: SourceSpan): BrookError {
  return userError('TABLE_ALREADY_EXISTS', `${what} '${name}' already exists`, {
    span, hint: `write CREATE OR REPLACE ${what.toUpperCase()} ${name} or CREATE ${what.toUpperCase()} IF NOT EXISTS ${name}`,
  });
}
