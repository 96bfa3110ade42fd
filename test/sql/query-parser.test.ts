// Tests for the SELECT query parser: clauses, joins, subqueries, UNION ALL, spans and syntax error positions.
import { describe, expect, it } from 'vitest';
import { BrookError } from '../../src/common/errors.js';
import { alias, call, columnRef, literal, sortOrder, star } from '../../src/planner/expr/expression.js';
import type { Expr } from '../../src/planner/expr/expression.js';
import { parseQuery } from '../../src/sql/query-parser.js';
import type { SelectQuery } from '../../src/sql/query-parser.js';

/** A deep copy without `span` keys (DataType class instances are kept as they are). */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (key !== 'span') out[key] = withoutSpans(v);
    return out;
  }
  return value;
}

function parseError(run: () => unknown): BrookError {
  try {
    run();
  } catch (error) {
    if (error instanceof BrookError) return error;
    throw error;
  }
  throw new Error('expected a BrookError');
}

const col = (name: string) => columnRef(name);
const fn = (name: string, ...args: Expr[]) => call(name, args);

function query(parts: Partial<SelectQuery> & Pick<SelectQuery, 'select'>): SelectQuery {
  return { groupBy: [], orderBy: [], distinct: false, ...parts };
}

function expectQuery(text: string, expected: SelectQuery): void {
  expect(withoutSpans(parseQuery(text))).toEqual(withoutSpans(expected));
}

describe('parseQuery: clauses', () => {
  it('parses a minimal select without FROM', () => {
    expectQuery('SELECT 1', query({ select: [literal(1)] }));
  });

  it('parses the select list with aliases and stars', () => {
    expectQuery('SELECT *, t.*, price * qty AS total, upper(name) n FROM sales AS t', query({
      select: [star(), star(['t']), alias(fn('multiply', col('price'), col('qty')), 'total'), alias(fn('upper', col('name')), 'n')],
      from: { kind: 'table', name: 'sales', alias: 't' },
    }));
  });

  it('parses WHERE, GROUP BY, HAVING, ORDER BY and LIMIT', () => {
    const text = `SELECT window(ts, '1 minute', '30 seconds') AS w, name, count(*) AS n, sum(price) total
      FROM events
      WHERE price > 0 AND name IS NOT NULL
      GROUP BY window(ts, '1 minute', '30 seconds'), name
      HAVING count(*) > 2
      ORDER BY n DESC, name ASC NULLS LAST, total
      LIMIT 10;`;
    const windowCall = fn('window', col('ts'), literal('1 minute'), literal('30 seconds'));
    expectQuery(text, query({
      select: [alias(windowCall, 'w'), col('name'), alias(fn('count', star()), 'n'), alias(fn('sum', col('price')), 'total')],
      from: { kind: 'table', name: 'events' },
      where: fn('and', fn('gt', col('price'), literal(0)), fn('isnotnull', col('name'))),
      groupBy: [windowCall, col('name')],
      having: fn('gt', fn('count', star()), literal(2)),
      orderBy: [sortOrder(col('n'), false), sortOrder(col('name'), true, false), sortOrder(col('total'), true)],
      limit: 10,
    }));
  });

  it('keeps Spark null ordering defaults: ASC nulls first, DESC nulls last', () => {
    const q = parseQuery('SELECT a FROM t ORDER BY a, b DESC, c DESC NULLS FIRST');
    expect(q.orderBy.map((o) => [o.ascending, o.nullsFirst])).toEqual([[true, true], [false, false], [false, true]]);
  });

  it('parses SELECT DISTINCT and SELECT ALL', () => {
    expectQuery('SELECT DISTINCT a FROM t', query({ select: [col('a')], from: { kind: 'table', name: 't' }, distinct: true }));
    expectQuery('SELECT ALL a FROM t', query({ select: [col('a')], from: { kind: 'table', name: 't' } }));
  });

  it('accepts LIMIT ALL as no limit and keeps identifier case', () => {
    expectQuery('select Price from Sales limit all', query({ select: [col('Price')], from: { kind: 'table', name: 'Sales' } }));
  });
});

describe('parseQuery: FROM', () => {
  it('parses qualified and backquoted table names with or without alias', () => {
    expectQuery('SELECT a FROM db.t x', query({ select: [col('a')], from: { kind: 'table', name: 'db.t', alias: 'x' } }));
    expectQuery('SELECT a FROM `my db`.`t.v`', query({ select: [col('a')], from: { kind: 'table', name: 'my db.`t.v`' } }));
  });

  it('parses subqueries in FROM', () => {
    expectQuery('SELECT s.a FROM (SELECT a FROM t WHERE a > 1) s', query({
      select: [{ kind: 'column', nameParts: ['s', 'a'] }],
      from: {
        kind: 'subquery',
        query: query({ select: [col('a')], from: { kind: 'table', name: 't' }, where: fn('gt', col('a'), literal(1)) }),
        alias: 's',
      },
    }));
  });

  it('parses joins of every type', () => {
    const cases: [string, string][] = [
      ['JOIN', 'inner'], ['INNER JOIN', 'inner'], ['LEFT JOIN', 'left'], ['LEFT OUTER JOIN', 'left'],
      ['RIGHT OUTER JOIN', 'right'], ['FULL JOIN', 'full'], ['FULL OUTER JOIN', 'full'],
      ['LEFT SEMI JOIN', 'left_semi'], ['LEFT ANTI JOIN', 'left_anti'],
    ];
    for (const [words, joinType] of cases) {
      const q = parseQuery(`SELECT * FROM a ${words} b ON a.id = b.id`);
      expect(withoutSpans(q.from)).toEqual({
        kind: 'join', joinType,
        left: { kind: 'table', name: 'a' }, right: { kind: 'table', name: 'b' },
        condition: withoutSpans(fn('equal', { kind: 'column', nameParts: ['a', 'id'] }, { kind: 'column', nameParts: ['b', 'id'] })),
      });
    }
  });

  it('parses CROSS JOIN, comma joins, USING and chains joins left-associatively', () => {
    // As in Spark's grammar (fromClause: relation (',' relation)*), a comma binds looser than JOIN:
    // `a, b JOIN c` is `a CROSS (b JOIN c)`.
    const q = parseQuery('SELECT * FROM a, b CROSS JOIN c JOIN d USING (id, `k`) LEFT JOIN e AS x ON x.k = d.k');
    expect(withoutSpans(q.from)).toEqual({
      kind: 'join', joinType: 'cross',
      left: { kind: 'table', name: 'a' },
      right: {
        kind: 'join', joinType: 'left',
        left: {
          kind: 'join', joinType: 'inner', using: ['id', 'k'],
          left: { kind: 'join', joinType: 'cross', left: { kind: 'table', name: 'b' }, right: { kind: 'table', name: 'c' } },
          right: { kind: 'table', name: 'd' },
        },
        right: { kind: 'table', name: 'e', alias: 'x' },
        condition: withoutSpans(fn('equal', { kind: 'column', nameParts: ['x', 'k'] }, { kind: 'column', nameParts: ['d', 'k'] })),
      },
    });
    expect(withoutSpans(parseQuery('SELECT * FROM a, b, c').from)).toEqual({
      kind: 'join', joinType: 'cross',
      left: { kind: 'join', joinType: 'cross', left: { kind: 'table', name: 'a' }, right: { kind: 'table', name: 'b' } },
      right: { kind: 'table', name: 'c' },
    });
  });

  it('parses a parenthesised join', () => {
    const q = parseQuery('SELECT * FROM (a JOIN b ON a.k = b.k)');
    expect(q.from).toMatchObject({ kind: 'join', joinType: 'inner', left: { name: 'a' }, right: { name: 'b' } });
  });
});

describe('parseQuery: UNION ALL', () => {
  it('collects the selects and applies the trailing ORDER BY / LIMIT to the union', () => {
    expectQuery('SELECT a FROM t UNION ALL SELECT b FROM u UNION ALL SELECT c FROM v ORDER BY a LIMIT 3', query({
      select: [col('a')],
      from: { kind: 'table', name: 't' },
      unionAll: [
        query({ select: [col('b')], from: { kind: 'table', name: 'u' } }),
        query({ select: [col('c')], from: { kind: 'table', name: 'v' } }),
      ],
      orderBy: [sortOrder(col('a'), true)],
      limit: 3,
    }));
  });
});

describe('parseQuery: spans', () => {
  it('points tables, subqueries, queries and expressions into the text', () => {
    const text = 'SELECT a\nFROM sales s\nWHERE\n  price > 0';
    const q = parseQuery(text);
    expect(q.span).toMatchObject({ line: 1, column: 1, endLine: 4, endColumn: 12, text });
    expect(q.from).toMatchObject({ kind: 'table', span: { line: 2, column: 6, endLine: 2, endColumn: 11 } });
    expect(q.where).toMatchObject({ kind: 'call', name: 'gt', span: { line: 4, column: 3, endLine: 4, endColumn: 12 } });
    const sub = parseQuery('SELECT * FROM (SELECT 1) x');
    expect(sub.from).toMatchObject({ kind: 'subquery', span: { line: 1, column: 15, endColumn: 27 } });
    if (sub.from?.kind !== 'subquery') throw new Error('expected a subquery');
    expect(sub.from.query.span).toMatchObject({ line: 1, column: 16, endColumn: 24 });
  });

  it('shifts every span by the origin', () => {
    const file = '-- report\nINSERT INTO out SELECT name\n  FROM t';
    const q = parseQuery('SELECT name\n  FROM t', { text: file, line: 2, column: 17 });
    expect(q.span).toMatchObject({ line: 2, column: 17, endLine: 3, endColumn: 9, text: file });
    expect(q.select[0]).toMatchObject({ kind: 'column', span: { line: 2, column: 24, endColumn: 28 } });
    expect(q.from).toMatchObject({ span: { line: 3, column: 8 } });
  });
});

describe('parseQuery: errors', () => {
  const first = (text: string) => parseError(() => parseQuery(text)).message.split('\n')[0];

  it('reports syntax errors at the offending token', () => {
    expect(first('SELECT a,\nFROM t')).toBe("Syntax error at or near 'FROM': expected an expression (line 2, column 1)");
    expect(first('SELECT a FROM')).toBe('Syntax error at or near end of input: expected a table name (line 1, column 14)');
    expect(first('SELECT a FROM t WHERE')).toBe('Syntax error at or near end of input: expected an expression (line 1, column 22)');
    expect(first('SELECT a FROM t x y')).toBe("Syntax error at or near 'y': expected end of input (line 1, column 19)");
    expect(first('SELECT a FROM t LEFT x')).toBe("Syntax error at or near 'x': expected JOIN (line 1, column 22)");
    expect(first('SELECT a FROM t\n  ORDER BY a NULLS LAST FIRST')).toBe("Syntax error at or near 'FIRST': expected end of input (line 2, column 25)");
    expect(first('SELECT a FROM t ORDER BY a NULLS x')).toBe("Syntax error at or near 'x': expected FIRST or LAST (line 1, column 34)");
    expect(first('SELECT a FROM t LIMIT -1')).toBe("Syntax error at or near '-': expected a non-negative integer after LIMIT (line 1, column 23)");
    expect(first('SELECT a FROM (SELECT b FROM u')).toBe("Syntax error at or near end of input: expected ')' (line 1, column 31)");
    expect(first('SELECT a FROM t;;')).toBe("Syntax error at or near ';': expected end of input (line 1, column 17)");
    expect(first('FROM t SELECT a')).toBe("Syntax error at or near 'FROM': expected SELECT (line 1, column 1)");
  });

  it('gives the exact full message with the caret', () => {
    const e = parseError(() => parseQuery('SELECT price\nFROM sales\nWHERE price >'));
    expect(e.code).toBe('SQL_PARSE_ERROR');
    expect(e.span).toMatchObject({ line: 3, column: 14 });
    expect(e.message).toBe('Syntax error at or near end of input: expected an expression (line 3, column 14)\n  WHERE price >\n               ^');
  });

  it('names unsupported constructs', () => {
    const cases: [string, string][] = [
      ['SELECT a FROM t UNION SELECT a FROM u', 'UNION without ALL (UNION DISTINCT) is not supported (line 1, column 17)'],
      ['SELECT a FROM t INTERSECT SELECT a FROM u', 'INTERSECT is not supported (line 1, column 17)'],
      ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH (common table expressions) is not supported (line 1, column 1)'],
      ['SELECT a FROM t NATURAL JOIN u', 'NATURAL JOIN is not supported (line 1, column 17)'],
      ['SELECT a FROM range(10)', "The table-valued function 'range' is not supported (line 1, column 15)"],
      ['SELECT a, count(*) FROM t GROUP BY ROLLUP(a)', 'GROUP BY ROLLUP is not supported (line 1, column 36)'],
      ['SELECT a FROM t LIMIT 1 OFFSET 2', 'OFFSET is not supported (line 1, column 25)'],
    ];
    for (const [text, message] of cases) {
      const e = parseError(() => parseQuery(text));
      expect(e.code).toBe('SQL_UNSUPPORTED');
      expect(e.message.split('\n')[0]).toBe(message);
    }
  });
});
