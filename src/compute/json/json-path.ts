// get_json_object's JSONPath subset ($, .name, ['name'], [n], [*], .*) compiled once and evaluated like Spark (Hive's rules).
//
// Evaluation mirrors Spark's evaluatePath: a string result at the top is written without quotes; a [*] over an
// array collects the matches into a JSON array, unwrapped when exactly one element matched; [*][*] flattens.
import { INVALID_JSON, parseJsonLenient } from './json-lenient.js';

type Instruction =
  | { readonly kind: 'subscript' }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'key' }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'named'; readonly name: string };

/** A compiled path: Spark's instruction list (`.a` is key+named, `[0]` is subscript+index, `[*]` subscript+wildcard). */
export type JsonPath = readonly Instruction[];

const SUBSCRIPT: Instruction = { kind: 'subscript' };
const WILDCARD: Instruction = { kind: 'wildcard' };
const KEY: Instruction = { kind: 'key' };

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
}

/**
 * Compiles a path; null when Spark's path grammar rejects it (get_json_object then returns null).
 * Whitespace before each token is skipped, as Spark's parser-combinator grammar does.
 * @example compileJsonPath("$.items[0]['name']")
 */
export function compileJsonPath(path: string): JsonPath | null {
  let pos = 0;
  const skip = () => { while (isSpace(path[pos])) pos++; };
  const accept = (text: string) => {
    skip();
    if (!path.startsWith(text, pos)) return false;
    pos += text.length;
    return true;
  };
  if (!accept('$')) return null;
  const out: Instruction[] = [];
  while (true) {
    skip();
    if (pos >= path.length) return out;
    const start = pos;
    if (accept('.*')) { out.push(WILDCARD); continue; }
    pos = start;
    if (accept("['*']")) { out.push(WILDCARD); continue; }
    pos = start;
    if (accept('.')) {
      skip();
      const m = /[^.[]+/y;
      m.lastIndex = pos;
      const name = m.exec(path);
      if (name === null) return null;
      pos += name[0].length;
      out.push(KEY, { kind: 'named', name: name[0] });
      continue;
    }
    pos = start;
    if (accept("['")) {
      skip();
      const m = /[^'?]+/y;
      m.lastIndex = pos;
      const name = m.exec(path);
      if (name === null) return null;
      pos += name[0].length;
      if (!accept("']")) return null;
      out.push(KEY, { kind: 'named', name: name[0] });
      continue;
    }
    pos = start;
    if (accept('[')) {
      if (accept('*')) out.push(SUBSCRIPT, WILDCARD);
      else {
        skip();
        const m = /\d+/y;
        m.lastIndex = pos;
        const digits = m.exec(path);
        if (digits === null) return null;
        pos += digits[0].length;
        out.push(SUBSCRIPT, { kind: 'index', index: Number(digits[0]) });
      }
      if (!accept(']')) return null;
      continue;
    }
    return null;
  }
}

const GET_JSON_OBJECT_FEATURES = { singleQuotes: false, nonNumericNumbers: false, controlChars: true } as const;

type Style = 'raw' | 'quoted' | 'flatten';

/**
 * The text get_json_object returns for one JSON document: a string match without quotes, anything else as JSON
 * text; null when the JSON is invalid or nothing matches.
 * @example evaluateJsonPath('{"a":{"b":[1,2]}}', compileJsonPath('$.a.b[1]')!) // '2'
 */
export function evaluateJsonPath(json: string, path: JsonPath): string | null {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    root = parseJsonLenient(json, GET_JSON_OBJECT_FEATURES);
    if (root === INVALID_JSON || root === undefined) return null;
  }
  const out: string[] = [];
  return evaluate(root, 'raw', path, 0, out) ? out.join('') : null;
}

function jsonText(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

function isInstruction(path: JsonPath, k: number, kind: Instruction['kind']): boolean {
  return path[k]?.kind === kind;
}

/** Writes the matches of path[k..] inside `node` to `out`; true when something matched. */
function evaluate(node: unknown, style: Style, path: JsonPath, k: number, out: string[]): boolean {
  const atEnd = k >= path.length;
  if (atEnd && typeof node === 'string' && style === 'raw') { out.push(node); return true; }
  if (atEnd && Array.isArray(node) && style === 'flatten') {
    let dirty = false;
    for (const e of node) dirty = evaluate(e, style, path, k, out) || dirty;
    return dirty;
  }
  if (atEnd) { out.push(jsonText(node)); return true; }
  const head = path[k]!;
  if (head.kind === 'key' && typeof node === 'object' && node !== null && !Array.isArray(node)) {
    const next = path[k + 1];
    for (const [name, value] of Object.entries(node as Record<string, unknown>)) {
      if (next?.kind === 'named' && next.name === name) {
        if (value !== null && evaluate(value, style, path, k + 2, out)) return true;
      } else if (next?.kind === 'wildcard') {
        if (evaluate(value, style, path, k + 2, out)) return true;
      }
    }
    return false;
  }
  if (head.kind !== 'subscript' || !Array.isArray(node)) return false;
  const operand = path[k + 1];
  if (operand?.kind === 'wildcard') {
    if (isInstruction(path, k + 2, 'subscript') && isInstruction(path, k + 3, 'wildcard')) {
      const items: string[] = [];
      let dirty = false;
      for (const e of node) dirty = evaluate(e, 'flatten', path, k + 4, items) || dirty;
      out.push(`[${items.join(',')}]`);
      return dirty;
    }
    if (style !== 'quoted') {
      const items: string[] = [];
      let matched = 0;
      for (const e of node) if (evaluate(e, style === 'raw' ? 'quoted' : 'flatten', path, k + 2, items)) matched++;
      if (matched > 1) out.push(`[${items.join(',')}]`);
      else if (matched === 1) out.push(items.join(','));
      return matched > 0;
    }
    const items: string[] = [];
    let dirty = false;
    for (const e of node) dirty = evaluate(e, 'quoted', path, k + 2, items) || dirty;
    out.push(`[${items.join(',')}]`);
    return dirty;
  }
  if (operand?.kind === 'index') {
    if (operand.index >= node.length) return false;
    const nextStyle = isInstruction(path, k + 2, 'subscript') && isInstruction(path, k + 3, 'wildcard') ? 'quoted' : style;
    return evaluate(node[operand.index], nextStyle, path, k + 2, out);
  }
  return false;
}
