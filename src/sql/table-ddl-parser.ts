// Parses the column list of CREATE TABLE / CREATE VIEW: typed, METADATA and computed columns, and WATERMARK FOR clauses.
import type { DataType } from '../common/data-types.js';
import { BrookError, userError } from '../common/errors.js';
import { parseDataType } from '../common/schema-parser.js';
import type { Expr } from '../planner/expr/expression.js';
import { parseExpressionAt } from './expression-parser.js';
import { RESERVED_WORDS } from './sql-dialect.js';
import type { SqlToken, SqlTokenCursor } from './sql-dialect.js';
import type { TableColumn, WatermarkClause } from './statements.js';

/**
 * `( column TYPE | column TYPE METADATA [FROM 'field'] [VIRTUAL] | column AS expr | WATERMARK FOR c AS c - INTERVAL … , … )`
 * @example parseTableElementsAt(cursor) // { columns: [{ kind: 'physical', name: 'price', … }], watermark: { column: 'ts', delay: '10 seconds', … } }
 */
export function parseTableElementsAt(c: SqlTokenCursor): { columns: TableColumn[]; watermark?: WatermarkClause } {
  c.expectSymbol('(');
  const columns: TableColumn[] = [];
  let watermark: WatermarkClause | undefined;
  do {
    if (c.isKeyword('WATERMARK') && c.isKeyword('FOR', 1)) {
      const clause = parseWatermarkAt(c);
      if (watermark !== undefined) throw userError('DUPLICATE_WATERMARK', 'A table can declare only one WATERMARK', { span: clause.span });
      watermark = clause;
      continue;
    }
    if (c.isKeyword('PRIMARY') || c.isKeyword('CONSTRAINT')) c.unsupported('A PRIMARY KEY constraint', c.peek(), 'drop it: brook tables have no keys');
    const column = parseColumnAt(c);
    const duplicate = columns.find((k) => k.name.toLowerCase() === column.name.toLowerCase());
    if (duplicate) throw userError('DUPLICATE_COLUMN', `Column '${column.name}' is declared twice`, { span: column.span });
    columns.push(column);
  } while (acceptSeparator(c));
  return watermark === undefined ? { columns } : { columns, watermark };
}

/** After a column: ',' (more follow) or ')' (the list ends); anything else is a syntax error naming both. */
function acceptSeparator(c: SqlTokenCursor): boolean {
  if (c.acceptSymbol(',')) return true;
  if (c.acceptSymbol(')')) return false;
  return c.fail("',' or ')'");
}

function parseColumnAt(c: SqlTokenCursor): TableColumn {
  const nameToken = parseNameToken(c, 'a column name');
  const name = nameToken.value;
  if (c.acceptKeywords('AS')) {
    const expr = parseExpressionAt(c);
    skipComment(c);
    return { kind: 'computed', name, expr, span: c.span(nameToken) };
  }
  const dataType = parseColumnTypeAt(c);
  if (c.isKeyword('NOT') && c.isKeyword('NULL', 1)) c.unsupported('A NOT NULL constraint', c.peek(), 'drop NOT NULL and filter out null rows in the query');
  if (c.acceptKeywords('METADATA')) {
    let from = name;
    if (c.acceptKeywords('FROM')) {
      const t = c.peek();
      if (t.kind !== 'string') return c.fail("the metadata field in quotes, e.g. FROM 'timestamp'");
      from = c.next().value;
    }
    c.acceptKeywords('VIRTUAL');
    skipComment(c);
    return { kind: 'metadata', name, dataType, from, span: c.span(nameToken) };
  }
  skipComment(c);
  return { kind: 'physical', name, dataType, span: c.span(nameToken) };
}

function skipComment(c: SqlTokenCursor): void {
  if (!c.acceptKeywords('COMMENT')) return;
  if (c.peek().kind !== 'string') c.fail('a comment in quotes');
  c.next();
}

/** A name that is not a reserved word (or any `quoted` name). */
export function parseNameToken(c: SqlTokenCursor, what: string): SqlToken {
  const t = c.peek();
  if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED_WORDS.has(t.text.toUpperCase()))) return c.next();
  return c.fail(what);
}

/**
 * A column type: a type name followed by a balanced `(...)` or `<...>` (DECIMAL(10, 2), ARRAY<STRUCT<a: INT>>), handed
 * to parseDataType. Flink's precision of TIMESTAMP(p) / TIMESTAMP_LTZ(p) is dropped (brook timestamps are microseconds).
 */
export function parseColumnTypeAt(c: SqlTokenCursor): DataType {
  const first = c.peek();
  if (first.kind !== 'word') return c.fail('a data type');
  const parts: string[] = [c.next().text];
  if (/^TIMESTAMP(_LTZ)?$/i.test(first.text) && c.isSymbol('(') && c.peek(1).kind === 'number' && c.isSymbol(')', 2)) {
    for (let k = 0; k < 3; k++) c.next();
  } else if (c.isSymbol('(') || c.isSymbol('<')) {
    let depth = 0;
    do {
      if (c.atEnd()) return c.fail(depth > 0 && parts.includes('<') ? "'>'" : "')'");
      if (c.isSymbol('(') || c.isSymbol('<')) depth++;
      if (c.isSymbol(')') || c.isSymbol('>')) depth--;
      if (c.isSymbol('<>')) return c.fail('a data type');
      parts.push(c.next().text);
    } while (depth > 0);
  }
  const last = c.previous();
  const typeText = parts.join(' ').replace(/ ?([<>(),:]) ?/g, '$1').replace(/,/g, ', ');
  try {
    return parseDataType(typeText);
  } catch (error) {
    const hint = error instanceof BrookError ? (error.hint ?? error.message) : undefined;
    throw userError('UNSUPPORTED_DATATYPE', `Unsupported data type '${c.positions.text.slice(first.start, last.end)}'`, { span: c.span(first, last), hint, cause: error });
  }
}

/**
 * `WATERMARK FOR column AS column [- INTERVAL 'n' UNIT]`: the delay must be a constant interval subtracted from the column.
 * @example parseWatermarkAt(cursor) // { column: 'event_time', delay: '10 seconds', … }
 */
export function parseWatermarkAt(c: SqlTokenCursor): WatermarkClause {
  const start = c.expectKeyword('WATERMARK');
  c.expectKeyword('FOR');
  const columnToken = parseNameToken(c, 'the event-time column');
  const columnSpan = c.span(columnToken);
  c.expectKeyword('AS');
  const exprStart = c.peek();
  const expr = parseExpressionAt(c);
  const delay = watermarkDelay(expr, columnToken.value);
  if (delay === undefined) {
    throw userError('INVALID_WATERMARK', `The watermark of '${columnToken.value}' must be '${columnToken.value} - INTERVAL ...': the column minus a constant delay`, {
      span: c.span(exprStart),
      hint: `write WATERMARK FOR ${columnToken.value} AS ${columnToken.value} - INTERVAL '10' SECOND`,
    });
  }
  return { column: columnToken.value, delay, columnSpan, span: c.span(start) };
}

function watermarkDelay(expr: Expr, column: string): string | undefined {
  const isColumn = (e: Expr | undefined) => e?.kind === 'column' && e.nameParts.length === 1 && e.nameParts[0]!.toLowerCase() === column.toLowerCase();
  if (isColumn(expr)) return '0 seconds';
  if (expr.kind !== 'call' || expr.name !== 'subtract' || !isColumn(expr.args[0])) return undefined;
  const interval = expr.args[1];
  if (interval?.kind !== 'call' || interval.name !== 'interval' || interval.args[0]?.kind !== 'literal') return undefined;
  return String(interval.args[0].value);
}
