// Parses a brook SQL script: `;`-separated CREATE TABLE/VIEW, INSERT INTO, SET, RESET, EXPLAIN and SELECT statements.
//
// The script is tokenized once (strings and comments hide their `;`); every statement and clause keeps its span.
import type { SourceSpan } from '../common/errors.js';
import { parseHintsBefore, parseOptionListAt } from './option-list-parser.js';
import { parseQueryAt } from './query-parser.js';
import type { SelectQuery } from './query-parser.js';
import { SqlTokenCursor } from './sql-dialect.js';
import type { SqlOrigin, SqlToken } from './sql-dialect.js';
import type {
  CreateTableStatement, CreateViewStatement, ExplainStatement, InsertStatement, ResetStatement, SetStatement, SelectStatement, Statement,
  WatermarkClause,
} from './statements.js';
import { parseNameToken, parseTableElementsAt, parseWatermarkAt } from './table-ddl-parser.js';

export type * from './statements.js';

const UNSUPPORTED_STATEMENTS = ['ALTER', 'DROP', 'DELETE', 'UPDATE', 'MERGE', 'SHOW', 'DESCRIBE', 'DESC', 'USE', 'LOAD', 'ADD', 'TRUNCATE', 'CACHE'];

/**
 * Parses every statement of a script (empty statements between `;` are skipped).
 * @example parseScript("SET 'spark.sql.session.timeZone' = 'UTC'; INSERT INTO out SELECT * FROM events;").map((s) => s.kind) // ['set', 'insert']
 */
export function parseScript(text: string, origin?: SqlOrigin): Statement[] {
  const c = new SqlTokenCursor(text, origin);
  const statements: Statement[] = [];
  for (;;) {
    while (c.acceptSymbol(';'));
    if (c.atEnd()) return statements;
    statements.push(parseStatementAt(c));
    if (!c.atEnd() && !c.isSymbol(';')) c.fail("';' or the end of the script");
  }
}

/**
 * Parses one statement at the cursor; stops before its `;`.
 * @example parseStatementAt(new SqlTokenCursor("EXPLAIN SELECT 1 FROM t")).kind // 'explain'
 */
export function parseStatementAt(c: SqlTokenCursor): Statement {
  const start = c.peek();
  if (c.isKeyword('CREATE')) return parseCreate(c);
  if (c.isKeyword('INSERT')) return parseInsert(c);
  if (c.isKeyword('SET')) return parseSet(c);
  if (c.isKeyword('RESET')) return parseReset(c);
  if (c.isKeyword('EXPLAIN')) return parseExplain(c);
  if (c.isKeyword('SELECT') || c.isKeyword('WITH') || c.isSymbol('(')) return parseSelect(c);
  if (start.kind === 'word' && UNSUPPORTED_STATEMENTS.includes(start.text.toUpperCase())) c.unsupported(`The ${start.text.toUpperCase()} statement`, start);
  return c.fail('CREATE, INSERT, SET, RESET, EXPLAIN or SELECT');
}

function parseCreate(c: SqlTokenCursor): CreateTableStatement | CreateViewStatement {
  const start = c.expectKeyword('CREATE');
  const orReplace = c.acceptKeywords('OR', 'REPLACE');
  if (!c.acceptKeywords('TEMPORARY')) c.acceptKeywords('TEMP');
  if (c.isKeyword('TABLE')) return parseCreateTable(c, start, orReplace);
  if (c.isKeyword('VIEW')) return parseCreateView(c, start, orReplace);
  return c.fail('TABLE or VIEW');
}

function parseCreateTable(c: SqlTokenCursor, start: SqlToken, orReplace: boolean): CreateTableStatement {
  c.expectKeyword('TABLE');
  const ifNotExists = c.acceptKeywords('IF', 'NOT', 'EXISTS');
  const { name, span: nameSpan } = parseQualifiedName(c, 'a table name');
  const elements = c.isSymbol('(') ? parseTableElementsAt(c) : { columns: [] };
  if (c.isKeyword('AS')) c.unsupported('CREATE TABLE ... AS SELECT', c.peek(), 'declare the table WITH (...) and fill it with INSERT INTO ... SELECT');
  if (c.isKeyword('USING') || c.isKeyword('PARTITIONED') || c.isKeyword('LIKE')) c.unsupported(`CREATE TABLE ... ${c.peek().text.toUpperCase()}`, c.peek(), "write WITH ('connector' = '...', ...)");
  if (!c.isKeyword('WITH')) c.fail("WITH ('connector' = '...', ...)");
  const withToken = c.next();
  const withSpan = c.span(withToken);
  const options = parseOptionListAt(c);
  return {
    kind: 'createTable', name, nameSpan, orReplace, ifNotExists, columns: elements.columns,
    ...('watermark' in elements && elements.watermark ? { watermark: elements.watermark } : {}),
    options, withSpan, span: c.span(start),
  };
}

function parseCreateView(c: SqlTokenCursor, start: SqlToken, orReplace: boolean): CreateViewStatement {
  c.expectKeyword('VIEW');
  const ifNotExists = c.acceptKeywords('IF', 'NOT', 'EXISTS');
  const { name, span: nameSpan } = parseQualifiedName(c, 'a view name');
  const columnNames: { name: string; span: SourceSpan }[] = [];
  let watermark: WatermarkClause | undefined;
  if (c.acceptSymbol('(')) {
    do {
      if (c.isKeyword('WATERMARK') && c.isKeyword('FOR', 1)) {
        if (watermark !== undefined) c.fail("')': a view can declare only one WATERMARK");
        watermark = parseWatermarkAt(c);
      } else {
        const token = parseNameToken(c, 'a column name or WATERMARK FOR');
        columnNames.push({ name: token.value, span: c.span(token) });
        if (c.acceptKeywords('COMMENT')) {
          if (c.peek().kind !== 'string') c.fail('a comment in quotes');
          c.next();
        }
      }
    } while (c.acceptSymbol(','));
    c.expectSymbol(')');
  }
  c.expectKeyword('AS');
  const query = parseQueryOrParenthesized(c);
  return { kind: 'createView', name, nameSpan, orReplace, ifNotExists, columnNames, ...(watermark ? { watermark } : {}), query, span: c.span(start) };
}

function parseInsert(c: SqlTokenCursor): InsertStatement {
  const start = c.expectKeyword('INSERT');
  if (c.isKeyword('OVERWRITE')) c.unsupported('INSERT OVERWRITE', c.peek(), 'streams append to their sink: write INSERT INTO');
  c.expectKeyword('INTO');
  c.acceptKeywords('TABLE');
  const { name: table, span: tableSpan } = parseQualifiedName(c, 'a table name');
  const hints = parseHintsBefore(c);
  if (c.isSymbol('(') && !(c.isKeyword('SELECT', 1) || c.isKeyword('WITH', 1) || c.isSymbol('(', 1))) {
    c.unsupported('A column list after INSERT INTO table', c.peek(), 'select the columns in the order the table declares them');
  }
  if (c.isKeyword('VALUES')) c.unsupported('INSERT ... VALUES', c.peek(), 'insert from a SELECT over a source table');
  const query = parseQueryOrParenthesized(c);
  return { kind: 'insert', table, tableSpan, hints, query, span: c.span(start) };
}

/** SET | SET 'key' = 'value' | SET key.path = value (Spark style: the value is the text up to `;`). */
function parseSet(c: SqlTokenCursor): SetStatement {
  const start = c.expectKeyword('SET');
  if (c.atEnd() || c.isSymbol(';')) return { kind: 'set', span: c.span(start) };
  const keyStart = c.peek();
  const key = parseSettingKey(c);
  const keySpan = c.span(keyStart);
  c.expectSymbol('=');
  const valueStart = c.peek();
  let value: string;
  if (valueStart.kind === 'string' && (c.peek(1).kind === 'end' || c.isSymbol(';', 1))) {
    value = c.next().value;
  } else {
    if (c.atEnd() || c.isSymbol(';')) return c.fail('a value');
    while (!c.atEnd() && !c.isSymbol(';')) c.next();
    value = c.positions.text.slice(valueStart.start, c.previous().end).trim();
  }
  return { kind: 'set', key, value, keySpan, valueSpan: c.span(valueStart), span: c.span(start) };
}

function parseReset(c: SqlTokenCursor): ResetStatement {
  const start = c.expectKeyword('RESET');
  if (c.atEnd() || c.isSymbol(';')) return { kind: 'reset', span: c.span(start) };
  const key = parseSettingKey(c);
  return { kind: 'reset', key, span: c.span(start) };
}

/** A quoted key, or (Spark style) the raw text up to `=` / `;` / the end: `spark.sql.x`, `table.local-time-zone`. */
function parseSettingKey(c: SqlTokenCursor): string {
  const t = c.peek();
  if (t.kind === 'string' || t.kind === 'quoted') return c.next().value;
  if (t.kind !== 'word') return c.fail("a setting name in quotes, e.g. 'spark.sql.session.timeZone'");
  while (!c.atEnd() && !c.isSymbol('=') && !c.isSymbol(';')) c.next();
  return c.positions.text.slice(t.start, c.previous().end).trim();
}

function parseExplain(c: SqlTokenCursor): ExplainStatement {
  const start = c.expectKeyword('EXPLAIN');
  const verbose = c.acceptKeywords('VERBOSE') || c.acceptKeywords('EXTENDED');
  if (['CODEGEN', 'COST', 'FORMATTED', 'PLAN'].some((w) => c.isKeyword(w))) c.unsupported(`EXPLAIN ${c.peek().text.toUpperCase()}`, c.peek(), 'write EXPLAIN or EXPLAIN VERBOSE');
  const target = c.isKeyword('INSERT') ? parseInsert(c) : parseSelect(c);
  return { kind: 'explain', verbose, target, span: c.span(start) };
}

function parseSelect(c: SqlTokenCursor): SelectStatement {
  const start = c.peek();
  const query = parseQueryOrParenthesized(c);
  return { kind: 'select', query, span: c.span(start) };
}

function parseQueryOrParenthesized(c: SqlTokenCursor): SelectQuery {
  if (c.acceptSymbol('(')) {
    const query = parseQueryOrParenthesized(c);
    c.expectSymbol(')');
    return query;
  }
  return parseQueryAt(c);
}

/** `name` or `catalog.db.name`: the parts joined with '.'. */
function parseQualifiedName(c: SqlTokenCursor, what: string): { name: string; span: SourceSpan } {
  const first = parseNameToken(c, what);
  const parts = [first.value];
  while (c.acceptSymbol('.')) parts.push(parseNameToken(c, what).value);
  return { name: parts.join('.'), span: c.span(first) };
}
