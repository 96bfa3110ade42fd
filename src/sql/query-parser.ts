// Parses a Spark SQL SELECT query (joins, subqueries, GROUP BY, ORDER BY, LIMIT, UNION ALL) into a SelectQuery with source spans.
import type { SourceSpan } from '../common/errors.js';
import { sortOrder } from '../planner/expr/expression.js';
import type { Expr, SortOrderExpr } from '../planner/expr/expression.js';
import { parseAliasAt, parseExpressionAt, parseSelectItemAt } from './expression-parser.js';
import { RESERVED_WORDS, SqlTokenCursor } from './sql-dialect.js';
import type { SqlOrigin, SqlToken } from './sql-dialect.js';
import { isWindowTableFunction, parseWindowTvfAt } from './window-tvf.js';
import type { WindowTvfRef } from './window-tvf.js';

export type { WindowTvfRef } from './window-tvf.js';

/** A table or view by name; qualified names are joined with '.', parts holding '.' or '`' are backquoted. */
export interface TableRef { readonly kind: 'table'; readonly name: string; readonly alias?: string; readonly span?: SourceSpan }
export interface SubqueryRef { readonly kind: 'subquery'; readonly query: SelectQuery; readonly alias?: string; readonly span?: SourceSpan }
export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'left_semi' | 'left_anti';
/** A join; `a, b` in FROM is a cross join without condition. */
export interface JoinRef {
  readonly kind: 'join';
  readonly left: FromItem;
  readonly right: FromItem;
  readonly joinType: JoinType;
  readonly condition?: Expr;
  readonly using?: readonly string[];
}
/** `TUMBLE/HOP/SESSION(TABLE t, DESCRIPTOR(ts), …)`, alone or wrapped in `TABLE(…)` as Flink writes it. */
export type FromItem = TableRef | SubqueryRef | JoinRef | WindowTvfRef;

/**
 * One SELECT. With `unionAll`, the query is `this UNION ALL unionAll[0] UNION ALL ...`, and this query's
 * `orderBy` and `limit` apply to the whole union (as in Spark, a trailing ORDER BY / LIMIT sorts the union).
 */
export interface SelectQuery {
  /** Items, possibly AliasExpr / StarExpr. */
  readonly select: readonly Expr[];
  readonly from?: FromItem;
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy: readonly SortOrderExpr[];
  readonly limit?: number;
  readonly distinct: boolean;
  readonly unionAll?: readonly SelectQuery[];
  readonly span?: SourceSpan;
}

/**
 * Parses a SELECT query (an optional trailing ';' is allowed). `origin` places the text inside a bigger file.
 * @example parseQuery('SELECT name, count(*) AS n FROM sales WHERE price > 0 GROUP BY name ORDER BY n DESC LIMIT 10')
 */
export function parseQuery(text: string, origin?: SqlOrigin): SelectQuery {
  const cursor = new SqlTokenCursor(text, origin);
  const query = parseQueryAt(cursor);
  cursor.acceptSymbol(';');
  cursor.expectEnd();
  return query;
}

/**
 * Parses a query at the cursor: `select [UNION ALL select ...] [ORDER BY ...] [LIMIT n]`; stops after it.
 * @example parseQueryAt(new SqlTokenCursor('SELECT a FROM t')) // { select: [columnRef('a')], from: { kind: 'table', name: 't' }, ... }
 */
export function parseQueryAt(c: SqlTokenCursor): SelectQuery {
  const start = c.peek();
  if (c.isKeyword('WITH')) c.unsupported('WITH (common table expressions)', c.peek(), 'use a subquery in FROM or a temporary view');
  const first = parseSelectCore(c);
  const unions: SelectQuery[] = [];
  while (c.isKeyword('UNION') || c.isKeyword('INTERSECT') || c.isKeyword('EXCEPT') || c.isKeyword('MINUS')) {
    const operator = c.peek();
    if (!c.isKeyword('UNION')) c.unsupported(operator.text.toUpperCase());
    c.next();
    if (!c.acceptKeywords('ALL')) c.unsupported('UNION without ALL (UNION DISTINCT)', operator, 'write UNION ALL, then SELECT DISTINCT over it if needed');
    unions.push(parseSelectCore(c));
  }
  const orderBy = c.acceptKeywords('ORDER', 'BY') ? parseList(c, parseSortItem) : [];
  const limit = parseLimit(c);
  return {
    ...first,
    orderBy,
    ...(limit === undefined ? {} : { limit }),
    ...(unions.length > 0 ? { unionAll: unions } : {}),
    span: c.span(start),
  };
}

function parseSelectCore(c: SqlTokenCursor): SelectQuery {
  const start = c.expectKeyword('SELECT');
  const distinct = c.acceptKeywords('DISTINCT');
  if (!distinct) c.acceptKeywords('ALL');
  const select = parseList(c, parseSelectItemAt);
  const from = c.acceptKeywords('FROM') ? parseFromList(c) : undefined;
  const where = c.acceptKeywords('WHERE') ? parseExpressionAt(c) : undefined;
  let groupBy: Expr[] = [];
  if (c.acceptKeywords('GROUP', 'BY')) {
    const t = c.peek();
    if (['ROLLUP', 'CUBE', 'GROUPING'].some((w) => c.isKeyword(w)) && (c.isSymbol('(', 1) || c.isKeyword('SETS', 1))) {
      c.unsupported(`GROUP BY ${t.text.toUpperCase()}`);
    }
    if (c.isKeyword('ALL')) c.unsupported('GROUP BY ALL');
    groupBy = parseList(c, parseExpressionAt);
  }
  const having = c.acceptKeywords('HAVING') ? parseExpressionAt(c) : undefined;
  return {
    select,
    ...(from === undefined ? {} : { from }),
    ...(where === undefined ? {} : { where }),
    groupBy,
    ...(having === undefined ? {} : { having }),
    orderBy: [],
    distinct,
    span: c.span(start),
  };
}

function parseList<T>(c: SqlTokenCursor, item: (c: SqlTokenCursor) => T): T[] {
  const items = [item(c)];
  while (c.acceptSymbol(',')) items.push(item(c));
  return items;
}

/** expr [ASC | DESC] [NULLS FIRST | NULLS LAST]; Spark's default puts nulls first ascending and last descending. */
function parseSortItem(c: SqlTokenCursor): SortOrderExpr {
  const child = parseExpressionAt(c);
  const ascending = !c.acceptKeywords('DESC');
  if (ascending) c.acceptKeywords('ASC');
  let nullsFirst: boolean | undefined;
  if (c.acceptKeywords('NULLS')) {
    if (c.acceptKeywords('FIRST')) nullsFirst = true;
    else if (c.acceptKeywords('LAST')) nullsFirst = false;
    else c.fail('FIRST or LAST');
  }
  return sortOrder(child, ascending, nullsFirst);
}

/** LIMIT n (a non-negative integer) or LIMIT ALL (no limit). */
function parseLimit(c: SqlTokenCursor): number | undefined {
  if (!c.acceptKeywords('LIMIT')) return undefined;
  if (c.acceptKeywords('ALL')) return undefined;
  const t = c.peek();
  if (t.kind !== 'number' || !/^\d+$/.test(t.text) || !Number.isSafeInteger(Number(t.text))) {
    return c.fail('a non-negative integer after LIMIT');
  }
  c.next();
  if (c.isKeyword('OFFSET')) c.unsupported('OFFSET');
  return Number(t.text);
}

/** FROM a, b JOIN c ON ...: comma-separated relations are cross joins, left-associative like the joins. */
function parseFromList(c: SqlTokenCursor): FromItem {
  let from = parseRelation(c);
  while (c.acceptSymbol(',')) from = { kind: 'join', left: from, right: parseRelation(c), joinType: 'cross' };
  return from;
}

function parseRelation(c: SqlTokenCursor): FromItem {
  let left = parseRelationPrimary(c);
  for (;;) {
    const joinType = parseJoinType(c);
    if (joinType === undefined) return left;
    const right = parseRelationPrimary(c);
    if (c.acceptKeywords('ON')) {
      left = { kind: 'join', left, right, joinType, condition: parseExpressionAt(c) };
    } else if (c.acceptKeywords('USING')) {
      c.expectSymbol('(');
      const using = parseList(c, parseIdentifier);
      c.expectSymbol(')');
      left = { kind: 'join', left, right, joinType, using };
    } else {
      left = { kind: 'join', left, right, joinType };
    }
  }
}

/** Consumes a join operator (ending with JOIN) and says which; undefined when no join follows. */
function parseJoinType(c: SqlTokenCursor): JoinType | undefined {
  if (c.isKeyword('NATURAL')) c.unsupported('NATURAL JOIN', c.peek(), 'use JOIN ... USING (columns)');
  if (c.isKeyword('LATERAL')) c.unsupported('LATERAL');
  const forms: readonly [readonly string[], JoinType][] = [
    [['JOIN'], 'inner'], [['INNER', 'JOIN'], 'inner'], [['CROSS', 'JOIN'], 'cross'],
    [['LEFT', 'JOIN'], 'left'], [['LEFT', 'OUTER', 'JOIN'], 'left'],
    [['RIGHT', 'JOIN'], 'right'], [['RIGHT', 'OUTER', 'JOIN'], 'right'],
    [['FULL', 'JOIN'], 'full'], [['FULL', 'OUTER', 'JOIN'], 'full'],
    [['LEFT', 'SEMI', 'JOIN'], 'left_semi'], [['SEMI', 'JOIN'], 'left_semi'],
    [['LEFT', 'ANTI', 'JOIN'], 'left_anti'], [['ANTI', 'JOIN'], 'left_anti'],
  ];
  for (const [words, joinType] of forms) if (c.acceptKeywords(...words)) return joinType;
  if (['INNER', 'CROSS', 'LEFT', 'RIGHT', 'FULL', 'SEMI', 'ANTI'].some((w) => c.isKeyword(w))) {
    c.next();
    return c.fail('JOIN');
  }
  return undefined;
}

function parseIdentifier(c: SqlTokenCursor): string {
  const t = c.peek();
  if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED_WORDS.has(t.text.toUpperCase()))) return c.next().value;
  return c.fail('a column name');
}

function parseRelationPrimary(c: SqlTokenCursor): FromItem {
  const start = c.peek();
  if (c.acceptSymbol('(')) {
    if (c.isKeyword('SELECT') || c.isKeyword('WITH')) {
      const query = parseQueryAt(c);
      c.expectSymbol(')');
      const alias = parseRelationAlias(c);
      return { kind: 'subquery', query, ...(alias === undefined ? {} : { alias }), span: c.span(start) };
    }
    const inner = parseFromList(c);
    c.expectSymbol(')');
    return inner;
  }
  if (c.isKeyword('TABLE') && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    if (!((c.peek().kind === 'word') && isWindowTableFunction(c.peek().text) && c.isSymbol('(', 1))) {
      c.unsupported(`The table-valued function '${c.peek().text}'`, c.peek(), 'brook has the window functions TUMBLE, HOP and SESSION');
    }
    const tvf = parseWindowTvfAt(c);
    c.expectSymbol(')');
    const alias = parseRelationAlias(c);
    return { ...tvf, ...(alias === undefined ? {} : { alias }), span: c.span(start) };
  }
  if (c.peek().kind === 'word' && isWindowTableFunction(c.peek().text) && c.isSymbol('(', 1)) {
    const tvf = parseWindowTvfAt(c);
    const alias = parseRelationAlias(c);
    return { ...tvf, ...(alias === undefined ? {} : { alias }) };
  }
  const parts = [parseTableNamePart(c)];
  while (c.acceptSymbol('.')) parts.push(parseTableNamePart(c));
  if (c.isSymbol('(')) c.unsupported(`The table-valued function '${parts.join('.')}'`, start);
  const nameEnd = c.previous();
  const alias = parseRelationAlias(c);
  return {
    kind: 'table',
    name: parts.map(quoteNamePart).join('.'),
    ...(alias === undefined ? {} : { alias }),
    span: c.span(start, nameEnd),
  };
}

function parseTableNamePart(c: SqlTokenCursor): string {
  const t: SqlToken = c.peek();
  if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED_WORDS.has(t.text.toUpperCase()))) return c.next().value;
  return c.fail('a table name');
}

function parseRelationAlias(c: SqlTokenCursor): string | undefined {
  const alias = parseAliasAt(c);
  if (alias !== undefined && c.isSymbol('(')) c.unsupported('A column list after a table alias, as in t(a, b),');
  return alias;
}

function quoteNamePart(part: string): string {
  return /[.`]/.test(part) ? `\`${part.replace(/`/g, '``')}\`` : part;
}
