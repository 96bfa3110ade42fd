// Parses Spark SQL expressions and select items into unresolved Exprs; every node that has a span gets its exact source position.
//
// Precedence, lowest first (Spark 3.5 SqlBaseParser): OR; AND; NOT / !; predicates (BETWEEN, IN, LIKE, ILIKE, RLIKE,
// REGEXP, IS ...); comparisons (= == <> != < <= > >= <=>); |; ^; &; + - ||; * / % DIV; unary - + ~; postfix [k] and .f.
import { DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, TimestampType } from '../common/data-types.js';
import type { DataType } from '../common/data-types.js';
import { BrookError, userError } from '../common/errors.js';
import type { SourceSpan } from '../common/errors.js';
import { parseDataType } from '../common/schema-parser.js';
import { alias, call, caseWhen, cast, extract, literal, star } from '../planner/expr/expression.js';
import type { Expr, LiteralExpr, StarExpr } from '../planner/expr/expression.js';
import { RESERVED_WORDS, NON_ALIAS_WORDS, SqlTokenCursor } from './sql-dialect.js';
import type { SqlOrigin, SqlToken } from './sql-dialect.js';

export type { SqlOrigin } from './sql-dialect.js';

/**
 * Parses one SQL expression. `origin` lets a caller embed it in a bigger text so spans point into that text.
 * A lone `*` or `t.*` gives a StarExpr (as Spark's expr('*') does); an alias is not accepted here (see parseSelectItem).
 * Operators become calls by catalog name (`a * b` → call('multiply', [a, b])); `INTERVAL 10 SECONDS` becomes
 * call('interval', [literal('10 seconds')]); `DATE '2024-01-01'` becomes cast(literal('2024-01-01'), DATE).
 * @example parseExpression('price * quantity') // call('multiply', [columnRef('price'), columnRef('quantity')]) with spans
 */
export function parseExpression(text: string, origin?: SqlOrigin): Expr {
  const cursor = new SqlTokenCursor(text, origin);
  const expr = parseStarOrExpressionAt(cursor);
  cursor.expectEnd();
  return expr;
}

/**
 * Parses a selectExpr item: an expression with optional `AS name` (or a `name` alias without AS);
 * `*` and `t.*` become StarExpr.
 * @example parseSelectItem('price * quantity AS total') // alias(call('multiply', [...]), 'total')
 */
export function parseSelectItem(text: string, origin?: SqlOrigin): Expr {
  const cursor = new SqlTokenCursor(text, origin);
  const item = parseSelectItemAt(cursor);
  cursor.expectEnd();
  return item;
}

/**
 * Parses a select item at the cursor (for statement parsers built on the same tokens).
 * @example parseSelectItemAt(new SqlTokenCursor('a + 1 AS b')) // alias(call('add', [...]), 'b')
 */
export function parseSelectItemAt(c: SqlTokenCursor): Expr {
  const starExpr = tryParseStarAt(c);
  if (starExpr) return starExpr;
  const expr = parseExpressionAt(c);
  const name = parseAliasAt(c);
  return name === undefined ? expr : alias(expr, name);
}

/**
 * Parses an alias at the cursor: `AS name`, or a bare name that is not a keyword; undefined when none follows.
 * @example parseAliasAt(new SqlTokenCursor('AS total')) // 'total'
 */
export function parseAliasAt(c: SqlTokenCursor): string | undefined {
  if (c.acceptKeywords('AS')) {
    const t = c.peek();
    if (t.kind === 'word' || t.kind === 'quoted') return c.next().value;
    if (t.kind === 'symbol' && t.text === '(') c.unsupported('A multi-column alias AS (a, b, ...)');
    return c.fail('an alias name');
  }
  const t = c.peek();
  if (t.kind === 'quoted') return c.next().value;
  if (t.kind === 'word' && !RESERVED_WORDS.has(t.text.toUpperCase()) && !NON_ALIAS_WORDS.has(t.text.toUpperCase())) return c.next().value;
  return undefined;
}

/**
 * Parses one expression (no star, no alias) at the cursor and stops at the first token that cannot continue it.
 * @example parseExpressionAt(new SqlTokenCursor('a > 0 ORDER BY a')) // call('gt', ...), cursor at ORDER
 */
export function parseExpressionAt(c: SqlTokenCursor): Expr {
  return parseOr(c);
}

/** `*`, `t.*` or `a.b.*` at the cursor, or undefined (nothing consumed) when the cursor is not at a star. */
function tryParseStarAt(c: SqlTokenCursor): StarExpr | undefined {
  const start = c.peek();
  if (c.acceptSymbol('*')) return star([], c.span(start));
  let i = 0;
  while ((c.peek(i).kind === 'word' || c.peek(i).kind === 'quoted') && c.isSymbol('.', i + 1)) {
    if (c.isSymbol('*', i + 2)) {
      const qualifier: string[] = [];
      for (let k = 0; k <= i; k += 2) qualifier.push(c.peek(k).value);
      for (let k = 0; k < i + 3; k++) c.next();
      return star(qualifier, c.span(start));
    }
    i += 2;
  }
  return undefined;
}

function parseStarOrExpressionAt(c: SqlTokenCursor): Expr {
  return tryParseStarAt(c) ?? parseExpressionAt(c);
}

function parseOr(c: SqlTokenCursor): Expr {
  const start = c.peek();
  let left = parseAnd(c);
  while (c.acceptKeywords('OR')) left = call('or', [left, parseAnd(c)], { span: c.span(start) });
  return left;
}

function parseAnd(c: SqlTokenCursor): Expr {
  const start = c.peek();
  let left = parseNot(c);
  while (c.acceptKeywords('AND')) left = call('and', [left, parseNot(c)], { span: c.span(start) });
  return left;
}

function parseNot(c: SqlTokenCursor): Expr {
  const start = c.peek();
  if (c.isKeyword('NOT') || c.isSymbol('!')) {
    c.next();
    const child = parseNot(c);
    return call('not', [child], { span: c.span(start) });
  }
  if (c.isKeyword('EXISTS') && c.isSymbol('(', 1)) c.unsupported('EXISTS (subquery)');
  return parsePredicate(c);
}

const PREDICATE_WORDS = new Set(['BETWEEN', 'IN', 'LIKE', 'ILIKE', 'RLIKE', 'REGEXP']);

/** A value followed by at most one predicate, as in Spark's `predicated: valueExpression predicate?`. */
function parsePredicate(c: SqlTokenCursor): Expr {
  const start = c.peek();
  const value = parseBinary(c, 0);
  const negated = c.isKeyword('NOT') && c.peek(1).kind === 'word' && PREDICATE_WORDS.has(c.peek(1).text.toUpperCase());
  if (negated) c.next();
  const word = c.peek().kind === 'word' ? c.peek().text.toUpperCase() : '';
  let result: Expr;
  switch (word) {
    case 'BETWEEN': {
      c.next();
      const lower = parseBinary(c, 0);
      c.expectKeyword('AND');
      const upper = parseBinary(c, 0);
      const span = c.span(start);
      result = call('and', [call('ge', [value, lower], { span }), call('le', [value, upper], { span })], { span });
      break;
    }
    case 'IN': {
      c.next();
      c.expectSymbol('(');
      if (c.isKeyword('SELECT') || c.isKeyword('WITH')) c.unsupported('IN (subquery)');
      const list: Expr[] = [];
      do list.push(parseExpressionAt(c)); while (c.acceptSymbol(','));
      c.expectSymbol(')');
      result = call('in', [value, ...list], { span: c.span(start) });
      break;
    }
    case 'LIKE': case 'ILIKE': {
      c.next();
      if ((c.isKeyword('ANY') || c.isKeyword('SOME') || c.isKeyword('ALL')) && c.isSymbol('(', 1)) c.unsupported(`${word} ${c.peek().text.toUpperCase()} (...)`);
      const args = [value, parseBinary(c, 0)];
      if (c.acceptKeywords('ESCAPE')) args.push(parseEscapeChar(c));
      result = call(word.toLowerCase(), args, { span: c.span(start) });
      break;
    }
    case 'RLIKE': case 'REGEXP': {
      c.next();
      result = call('rlike', [value, parseBinary(c, 0)], { span: c.span(start) });
      break;
    }
    case 'IS':
      if (negated) return c.fail('BETWEEN, IN, LIKE or RLIKE');
      c.next();
      return parseIsPredicate(c, start, value);
    default:
      if (negated) return c.fail('BETWEEN, IN, LIKE or RLIKE');
      return value;
  }
  return negated ? call('not', [result], { span: c.span(start) }) : result;
}

function parseEscapeChar(c: SqlTokenCursor): Expr {
  const t = c.peek();
  if (t.kind !== 'string' || [...t.value].length !== 1) return c.fail('a one-character string after ESCAPE');
  c.next();
  return literal(t.value, undefined, c.span(t));
}

/** After `IS`: [NOT] NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM x (Spark: `x IS TRUE` is `x <=> true`). */
function parseIsPredicate(c: SqlTokenCursor, start: SqlToken, value: Expr): Expr {
  const not = c.acceptKeywords('NOT');
  const t = c.next();
  const word = t.kind === 'word' ? t.text.toUpperCase() : '';
  let result: Expr;
  if (word === 'NULL' || word === 'UNKNOWN') {
    return call(not ? 'isnotnull' : 'isnull', [value], { span: c.span(start) });
  } else if (word === 'TRUE' || word === 'FALSE') {
    result = call('eq_null_safe', [value, literal(word === 'TRUE', undefined, c.span(t))], { span: c.span(start) });
  } else if (word === 'DISTINCT' && c.acceptKeywords('FROM')) {
    const other = parseBinary(c, 0);
    const same = call('eq_null_safe', [value, other], { span: c.span(start) });
    return not ? same : call('not', [same], { span: c.span(start) });
  } else {
    return c.fail('NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM', t);
  }
  return not ? call('not', [result], { span: c.span(start) }) : result;
}

/** Binary operators by level, lowest precedence first; each maps a token (symbols, or upper-case words) to a catalog name. */
const BINARY_LEVELS: readonly ReadonlyMap<string, string>[] = [
  new Map([['=', 'equal'], ['==', 'equal'], ['<>', 'not_equal'], ['!=', 'not_equal'], ['<', 'lt'], ['<=', 'le'],
    ['>', 'gt'], ['>=', 'ge'], ['<=>', 'eq_null_safe']]),
  new Map([['|', 'bitwise_or']]),
  new Map([['^', 'bitwise_xor']]),
  new Map([['&', 'bitwise_and']]),
  new Map([['+', 'add'], ['-', 'subtract'], ['||', 'concat']]),
  new Map([['*', 'multiply'], ['/', 'divide'], ['%', 'mod'], ['DIV', 'div']]),
];

function parseBinary(c: SqlTokenCursor, level: number): Expr {
  const operators = BINARY_LEVELS[level];
  if (operators === undefined) return parseUnary(c);
  const start = c.peek();
  let left = parseBinary(c, level + 1);
  for (;;) {
    const t = c.peek();
    const key = t.kind === 'symbol' ? t.text : t.kind === 'word' ? t.text.toUpperCase() : '';
    const name = operators.get(key);
    if (name === undefined) return left;
    c.next();
    const right = parseBinary(c, level + 1);
    left = call(name, [left, right], { span: c.span(start) });
  }
}

function parseUnary(c: SqlTokenCursor): Expr {
  const start = c.peek();
  if (c.acceptSymbol('-')) {
    if (c.peek().kind === 'number') return parseNumber(c, start, true);
    const child = parseUnary(c);
    return call('negative', [child], { span: c.span(start) });
  }
  // Unary plus is the identity (Spark's `positive`); it leaves no node.
  if (c.acceptSymbol('+')) return parseUnary(c);
  if (c.acceptSymbol('~')) {
    const child = parseUnary(c);
    return call('bitwise_not', [child], { span: c.span(start) });
  }
  return parsePostfix(c);
}

/** `child[key]` and `child.field` after a primary that is not a plain column path (those are ColumnExprs). */
function parsePostfix(c: SqlTokenCursor): Expr {
  const start = c.peek();
  let expr = parsePrimary(c);
  for (;;) {
    if (c.acceptSymbol('[')) {
      const key = parseExpressionAt(c);
      c.expectSymbol(']');
      expr = extract(expr, key, c.span(start));
    } else if (c.acceptSymbol('.')) {
      const field = c.peek();
      if (field.kind !== 'word' && field.kind !== 'quoted') return c.fail('a field name');
      c.next();
      expr = extract(expr, literal(field.value, undefined, c.span(field)), c.span(start));
    } else {
      return expr;
    }
  }
}

function parsePrimary(c: SqlTokenCursor): Expr {
  const t = c.peek();
  switch (t.kind) {
    case 'number': return parseNumber(c, t, false);
    case 'string': return parseString(c);
    case 'word': return parseWord(c, t);
    case 'quoted': return parseNameOrCall(c);
    case 'symbol':
      if (t.text === '(') {
        c.next();
        if (c.isKeyword('SELECT') || c.isKeyword('WITH')) c.unsupported('A scalar subquery');
        const inner = parseExpressionAt(c);
        c.expectSymbol(')');
        return inner;
      }
      if (t.text === '*') {
        throw userError('SQL_PARSE_ERROR', "Syntax error at or near '*': a star is only allowed as a whole select item or function argument", { span: c.span(t, t) });
      }
      return c.fail('an expression');
    case 'end': return c.fail('an expression');
  }
}

/** Keywords that are also function names when a '(' follows. */
const FUNCTION_KEYWORDS = new Set(['LEFT', 'RIGHT']);
/** Functions Spark lets you call without parentheses. */
const NILADIC_FUNCTIONS = new Set(['CURRENT_DATE', 'CURRENT_TIMESTAMP']);

function parseWord(c: SqlTokenCursor, t: SqlToken): Expr {
  const word = t.text.toUpperCase();
  const next = c.peek(1);
  switch (word) {
    case 'NULL': c.next(); return literal(null, undefined, c.span(t));
    case 'TRUE': case 'FALSE': c.next(); return literal(word === 'TRUE', undefined, c.span(t));
    case 'CASE': return parseCase(c);
    case 'CAST': case 'TRY_CAST': if (next.text === '(') return parseCast(c); break;
    case 'EXTRACT': if (next.text === '(') return parseExtract(c); break;
    case 'INTERVAL':
      // `interval - 1` with a column named interval stays a subtraction; `INTERVAL -1 DAY` is an interval.
      if (next.kind === 'number' || next.kind === 'string' || startsIntervalGroup(c, 1)) return parseInterval(c);
      break;
    case 'DATE': case 'TIMESTAMP': case 'TIMESTAMP_LTZ':
      if (next.kind === 'string') return parseTypedLiteral(c, word === 'DATE' ? DateType : TimestampType);
      break;
    default: break;
  }
  if (RESERVED_WORDS.has(word) && !(FUNCTION_KEYWORDS.has(word) && next.text === '(')) return c.fail('an expression');
  if (next.kind === 'symbol' && next.text === '->') c.unsupported('A lambda function (x -> ...)', next);
  if (NILADIC_FUNCTIONS.has(word) && next.text !== '(' && next.text !== '.') {
    c.next();
    return call(word.toLowerCase(), [], { span: c.span(t) });
  }
  return parseNameOrCall(c);
}

/** A column path `a.b.c` (backquoted parts allowed) or a function call `name(args)`. */
function parseNameOrCall(c: SqlTokenCursor): Expr {
  const start = c.next();
  if (c.isSymbol('(')) return parseCall(c, start);
  const nameParts = [start.value];
  while (c.isSymbol('.') && (c.peek(1).kind === 'word' || c.peek(1).kind === 'quoted')) {
    c.next();
    nameParts.push(c.next().value);
  }
  if (c.isSymbol('(')) c.unsupported(`The qualified function name '${nameParts.join('.')}'`, start);
  if (c.isSymbol('.') && c.isSymbol('*', 1)) {
    const starToken = c.peek(1);
    throw userError('SQL_PARSE_ERROR', "Syntax error at or near '*': a star is only allowed as a whole select item or function argument", { span: c.span(starToken, starToken) });
  }
  return { kind: 'column', nameParts, span: c.span(start) };
}

/** `name([DISTINCT | ALL] arg, ...)`; the name is lower-cased (Spark function names are case-insensitive). */
function parseCall(c: SqlTokenCursor, nameToken: SqlToken): Expr {
  c.expectSymbol('(');
  let distinct = false;
  const args: Expr[] = [];
  if (!c.isSymbol(')')) {
    if (c.acceptKeywords('DISTINCT')) distinct = true;
    else c.acceptKeywords('ALL');
    do args.push(parseStarOrExpressionAt(c)); while (c.acceptSymbol(','));
  }
  c.expectSymbol(')');
  if (c.isKeyword('OVER')) c.unsupported('A window function (OVER ...)', c.peek(), 'use window(timeColumn, duration) in GROUP BY for time windows');
  if (c.isKeyword('FILTER') && c.isSymbol('(', 1)) c.unsupported('FILTER (WHERE ...) on an aggregate');
  if ((c.isKeyword('IGNORE') || c.isKeyword('RESPECT')) && c.isKeyword('NULLS', 1)) c.unsupported(`${c.peek().text.toUpperCase()} NULLS`);
  const span = c.span(nameToken);
  const name = nameToken.value.toLowerCase();
  return call(name, args, distinct ? { distinct, span } : { span });
}

/** CASE [operand] WHEN ... THEN ... [ELSE ...] END; `CASE x WHEN v` compares with equal(x, v). */
function parseCase(c: SqlTokenCursor): Expr {
  c.expectKeyword('CASE');
  const operand = c.isKeyword('WHEN') ? undefined : parseExpressionAt(c);
  const branches: { condition: Expr; value: Expr }[] = [];
  while (c.isKeyword('WHEN')) {
    c.next();
    const whenStart = c.peek();
    const test = parseExpressionAt(c);
    const condition = operand === undefined ? test : call('equal', [operand, test], { span: c.span(whenStart) });
    c.expectKeyword('THEN');
    branches.push({ condition, value: parseExpressionAt(c) });
  }
  if (branches.length === 0) return c.fail('WHEN');
  const otherwise = c.acceptKeywords('ELSE') ? parseExpressionAt(c) : undefined;
  c.expectKeyword('END');
  return caseWhen(branches, otherwise);
}

/** CAST(x AS type) and TRY_CAST (the same in non-ANSI mode: an invalid cast gives null). */
function parseCast(c: SqlTokenCursor): Expr {
  const start = c.next();
  c.expectSymbol('(');
  const child = parseExpressionAt(c);
  c.expectKeyword('AS');
  const to = parseTypeAt(c);
  c.expectSymbol(')');
  return cast(child, to, c.span(start));
}

/** The type name up to the ')' that closes the CAST, handed to parseDataType. */
function parseTypeAt(c: SqlTokenCursor): DataType {
  const first = c.peek();
  let depth = 0;
  while (!c.atEnd() && !(depth === 0 && c.isSymbol(')'))) {
    if (c.isSymbol('(')) depth++;
    if (c.isSymbol(')')) depth--;
    c.next();
  }
  if (c.peek() === first) return c.fail('a data type', first);
  const last = c.previous();
  const typeText = c.positions.text.slice(first.start, last.end);
  try {
    return parseDataType(typeText);
  } catch (error) {
    const hint = error instanceof BrookError ? (error.hint ?? error.message) : undefined;
    throw userError('UNSUPPORTED_DATATYPE', `Unsupported data type '${typeText}'`, { span: c.span(first, last), hint, cause: error });
  }
}

/** DATE 'yyyy-mm-dd' / TIMESTAMP '...': a cast of the string literal (checked when the cast is evaluated). */
function parseTypedLiteral(c: SqlTokenCursor, to: DataType): Expr {
  const start = c.next();
  const value = parseString(c);
  return cast(value, to, c.span(start));
}

const EXTRACT_FIELDS: ReadonlyMap<string, string> = new Map([
  ['YEAR', 'year'], ['YEARS', 'year'], ['Y', 'year'], ['QUARTER', 'quarter'], ['MONTH', 'month'], ['MONTHS', 'month'],
  ['WEEK', 'weekofyear'], ['WEEKS', 'weekofyear'], ['DAY', 'day'], ['DAYS', 'day'], ['D', 'day'],
  ['DAYOFWEEK', 'dayofweek'], ['DOW', 'dayofweek'], ['DOY', 'dayofyear'], ['HOUR', 'hour'], ['HOURS', 'hour'],
  ['H', 'hour'], ['MINUTE', 'minute'], ['MINUTES', 'minute'], ['M', 'minute'], ['SECOND', 'second'], ['SECONDS', 'second'], ['S', 'second'],
]);

/** EXTRACT(field FROM source) → the matching function, e.g. EXTRACT(YEAR FROM ts) → call('year', [ts]). */
function parseExtract(c: SqlTokenCursor): Expr {
  const start = c.next();
  c.expectSymbol('(');
  const fieldToken = c.peek();
  const fn = fieldToken.kind === 'word' || fieldToken.kind === 'string' ? EXTRACT_FIELDS.get(fieldToken.value.toUpperCase()) : undefined;
  if (fn === undefined) return c.fail('a date/time field (YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DOY, HOUR, MINUTE, SECOND)');
  c.next();
  c.expectKeyword('FROM');
  const source = parseExpressionAt(c);
  c.expectSymbol(')');
  return call(fn, [source], { span: c.span(start) });
}

const INTERVAL_UNITS: ReadonlyMap<string, string> = new Map(
  ['year', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond']
    .flatMap((u) => [[u.toUpperCase(), u], [`${u.toUpperCase()}S`, u]] as [string, string][]),
);

function intervalUnit(t: SqlToken): string | undefined {
  return t.kind === 'word' ? INTERVAL_UNITS.get(t.text.toUpperCase()) : undefined;
}

/** Whether a `[+|-] value UNIT` group starts `ahead` tokens on. */
function startsIntervalGroup(c: SqlTokenCursor, ahead: number): boolean {
  const signed = c.isSymbol('-', ahead) || c.isSymbol('+', ahead) ? 1 : 0;
  const value = c.peek(ahead + signed);
  return (value.kind === 'number' || value.kind === 'string') && intervalUnit(c.peek(ahead + signed + 1)) !== undefined;
}

/**
 * INTERVAL '10' SECOND, INTERVAL 10 SECONDS, INTERVAL 1 DAY 2 HOURS, INTERVAL '1 day 2 hours'
 * → call('interval', [literal('10 seconds')]), the text in the form parseDuration reads.
 */
function parseInterval(c: SqlTokenCursor): Expr {
  const start = c.next();
  const parts: string[] = [];
  if (c.peek().kind === 'string' && !startsIntervalGroup(c, 0)) {
    parts.push(c.next().value.trim());
  } else {
    do parts.push(parseIntervalGroup(c)); while (startsIntervalGroup(c, 0));
  }
  if (c.isKeyword('TO')) c.unsupported('An interval range (... TO ...)');
  const span = c.span(start);
  return call('interval', [literal(parts.join(' '), undefined, span)], { span });
}

function parseIntervalGroup(c: SqlTokenCursor): string {
  const negative = c.acceptSymbol('-');
  if (!negative) c.acceptSymbol('+');
  const valueToken = c.peek();
  if (valueToken.kind !== 'number' && valueToken.kind !== 'string') return c.fail('an interval value');
  c.next();
  const amount = valueToken.value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(amount)) {
    throw userError('SQL_PARSE_ERROR', `Invalid interval value '${valueToken.value}': expected a number`, { span: c.span(valueToken) });
  }
  const unit = intervalUnit(c.peek());
  if (unit === undefined) return c.fail('an interval unit (YEAR, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND)');
  c.next();
  const value = negative ? -Number(amount) : Number(amount);
  return `${value} ${unit}${Math.abs(value) === 1 ? '' : 's'}`;
}

/** Adjacent string literals concatenate, as in Spark: 'a' 'b' = 'ab'. */
function parseString(c: SqlTokenCursor): LiteralExpr {
  const first = c.peek();
  let value = '';
  while (c.peek().kind === 'string') value += c.next().value;
  return literal(value, undefined, c.span(first));
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_LIMIT = 9223372036854775808;

/**
 * Numeric literals. Integers in INT range stay untyped (inferred as INT), larger ones are BIGINT, beyond that
 * DECIMAL(p,0). Suffixes: L = BIGINT, S/Y = INT (brook has no SMALLINT/TINYINT), D = DOUBLE, F = FLOAT,
 * BD = DECIMAL. Fractional and exponent literals are DOUBLE (Spark types 1.5 as DECIMAL(2,1); brook keeps
 * decimals as doubles anyway, see column-vector.ts).
 */
function parseNumber(c: SqlTokenCursor, start: SqlToken, negative: boolean): LiteralExpr {
  const token = c.next();
  const span = c.span(start, token);
  const match = /^(.*?)(bd|l|s|y|d|f)?$/i.exec(token.text)!;
  const body = match[1]!;
  const suffix = (match[2] ?? '').toLowerCase();
  const value = negative ? -Number(body) : Number(body);
  const fractional = /[.eE]/.test(body);
  const outOfRange = (what: string): never => {
    throw userError('SQL_PARSE_ERROR', `Numeric literal ${negative ? '-' : ''}${token.text} is out of range for ${what}`, { span });
  };
  switch (suffix) {
    case 'd': return literal(value, DoubleType, span);
    case 'f': return literal(value, FloatType, span);
    case 'bd': return literal(value, decimalTypeOf(body, span), span);
    case 'l':
      if (fractional) return c.fail('an integer before the L suffix', token);
      if (value >= LONG_LIMIT || value < -LONG_LIMIT) outOfRange('BIGINT');
      return literal(value, LongType, span);
    case 's': case 'y':
      if (fractional) return c.fail(`an integer before the ${suffix.toUpperCase()} suffix`, token);
      if (value < INT_MIN || value > INT_MAX) outOfRange('INT');
      return literal(value, IntegerType, span);
    default:
      if (fractional) return literal(value, DoubleType, span);
      if (value >= INT_MIN && value <= INT_MAX) return literal(value, undefined, span);
      if (value < LONG_LIMIT && value >= -LONG_LIMIT) return literal(value, LongType, span);
      return literal(value, decimalTypeOf(body, span), span);
  }
}

function decimalTypeOf(body: string, span: SourceSpan): DataType {
  if (/[eE]/.test(body)) return DoubleType;
  const [whole = '', fraction = ''] = body.split('.');
  const digits = (whole.replace(/^0+/, '') + fraction).length;
  const precision = Math.max(1, digits, fraction.length);
  if (precision > 38) throw userError('SQL_PARSE_ERROR', `Numeric literal ${body} has more than 38 digits`, { span });
  return DecimalType(precision, fraction.length);
}
