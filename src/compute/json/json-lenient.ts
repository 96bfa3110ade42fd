// The fallback JSON reader for text JSON.parse rejects: Jackson's extras as Spark enables them, one root value, rest ignored.

/** Which of Jackson's non-standard features to accept. */
export interface LenientJsonFeatures {
  /** 'text' strings and names (Spark's allowSingleQuotes, on by default for from_json). */
  readonly singleQuotes: boolean;
  /** NaN, Infinity, +Infinity, -Infinity, +INF, -INF as numbers (Spark's allowNonNumericNumbers, on by default). */
  readonly nonNumericNumbers: boolean;
  /** Raw control characters inside strings (get_json_object's parser allows them). */
  readonly controlChars: boolean;
}

/** Returned by parseJsonLenient when the text holds no JSON value it accepts. */
export const INVALID_JSON: unique symbol = Symbol('INVALID_JSON');

class Reject {}
const REJECT = new Reject();

const NON_NUMERIC: readonly [string, number][] = [
  ['NaN', Number.NaN], ['Infinity', Infinity], ['+Infinity', Infinity], ['-Infinity', -Infinity],
  ['+INF', Infinity], ['-INF', -Infinity],
];

/**
 * Reads the first JSON value of `text` the way Spark's Jackson parser does: what follows that value is not read,
 * so `{"a":1} trailing` gives `{a: 1}`. Empty or blank text gives undefined.
 * @example parseJsonLenient("{'a': NaN}", { singleQuotes: true, nonNumericNumbers: true, controlChars: false }) // { a: NaN }
 */
export function parseJsonLenient(text: string, features: LenientJsonFeatures): unknown {
  const reader = new LenientReader(text, features);
  try {
    reader.skipSpace();
    if (reader.pos >= text.length) return undefined;
    return reader.value();
  } catch (e) {
    if (e === REJECT) return INVALID_JSON;
    throw e;
  }
}

class LenientReader {
  pos = 0;
  constructor(private readonly s: string, private readonly features: LenientJsonFeatures) {}

  skipSpace(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.pos++;
    }
  }

  value(): unknown {
    this.skipSpace();
    const s = this.s;
    const c = s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || (c === "'" && this.features.singleQuotes)) return this.string();
    if (s.startsWith('true', this.pos)) { this.pos += 4; return true; }
    if (s.startsWith('false', this.pos)) { this.pos += 5; return false; }
    if (s.startsWith('null', this.pos)) { this.pos += 4; return null; }
    if (this.features.nonNumericNumbers) {
      for (const [word, v] of NON_NUMERIC) {
        if (s.startsWith(word, this.pos)) { this.pos += word.length; return v; }
      }
    }
    return this.number();
  }

  object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skipSpace();
    if (this.s[this.pos] === '}') { this.pos++; return out; }
    while (true) {
      this.skipSpace();
      const q = this.s[this.pos];
      if (q !== '"' && !(q === "'" && this.features.singleQuotes)) throw REJECT;
      const key = this.string();
      this.skipSpace();
      if (this.s[this.pos] !== ':') throw REJECT;
      this.pos++;
      const v = this.value();
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.skipSpace();
      const sep = this.s[this.pos];
      this.pos++;
      if (sep === '}') return out;
      if (sep !== ',') throw REJECT;
    }
  }

  array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipSpace();
    if (this.s[this.pos] === ']') { this.pos++; return out; }
    while (true) {
      out.push(this.value());
      this.skipSpace();
      const sep = this.s[this.pos];
      this.pos++;
      if (sep === ']') return out;
      if (sep !== ',') throw REJECT;
    }
  }

  string(): string {
    const s = this.s;
    const quote = s[this.pos];
    this.pos++;
    let out = '';
    let chunk = this.pos;
    while (true) {
      if (this.pos >= s.length) throw REJECT;
      const c = s[this.pos]!;
      if (c === quote) {
        out += s.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === '\\') {
        out += s.slice(chunk, this.pos);
        out += this.escape();
        chunk = this.pos;
        continue;
      }
      if (c.charCodeAt(0) < 32 && !this.features.controlChars) throw REJECT;
      this.pos++;
    }
  }

  escape(): string {
    const e = this.s[this.pos + 1];
    this.pos += 2;
    switch (e) {
      case '"': case '\\': case '/': return e;
      case "'": if (this.features.singleQuotes) return e; throw REJECT;
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u': {
        const hex = this.s.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw REJECT;
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default: throw REJECT;
    }
  }

  number(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const match = m.exec(this.s);
    if (match === null) throw REJECT;
    const next = this.s.charCodeAt(this.pos + match[0].length);
    if ((next >= 48 && next <= 57) || next === 46) throw REJECT;
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
