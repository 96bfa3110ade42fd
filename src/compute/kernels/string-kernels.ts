// Kernels for Spark 3.5 string functions (concat, substring, split, regexp_*, like, pads, …): characters are code points, regexes follow Java's syntax.
import { userError } from '../../common/errors.js';
import type { BrookError } from '../../common/errors.js';
import type { BoundCall } from '../../planner/expr/bound-expression.js';
import { allocateValues } from '../column-vector.js';
import { binaryKernel, makeVector, naryKernel, nullAwareKernel, unaryKernel } from '../kernel-helpers.js';
import type { KernelFactory } from '../kernel-registry.js';
import { registerKernels } from '../kernel-registry.js';

// ---------------------------------------------------------------- code points

function isLowSurrogateAfterHigh(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc00 || c > 0xdfff || i === 0) return false;
  const p = s.charCodeAt(i - 1);
  return p >= 0xd800 && p <= 0xdbff;
}

/** Number of characters (code points), what Spark's length() counts. */
function charLength(s: string): number {
  let n = s.length;
  for (let i = 1; i < s.length; i++) if (isLowSurrogateAfterHigh(s, i)) n--;
  return n;
}

/** UTF-16 index of the `k`-th code point (s.length when k is past the end). */
function unitIndex(s: string, k: number): number {
  let i = 0;
  for (let c = 0; c < k && i < s.length; c++) i += isLowSurrogateAfterHigh(s, i + 1) ? 2 : 1;
  return Math.min(i, s.length);
}

/** Code-point index of a UTF-16 index. */
function charIndex(s: string, unit: number): number {
  let k = unit;
  for (let i = 1; i < unit; i++) if (isLowSurrogateAfterHigh(s, i)) k--;
  return k;
}

/** Characters [start, end) by code point. */
function charSlice(s: string, start: number, end: number, length: number): string {
  if (length === s.length) return s.slice(start, end);
  const from = unitIndex(s, start);
  return s.slice(from, from + unitIndex(s.slice(from), end - start));
}

/** Spark's substringSQL: 1-based `pos`, 0 treated as 1, negative counts from the end; then at most `len` characters. */
function substringSql(length: number, pos: number, len: number): [number, number] {
  const start = pos > 0 ? pos - 1 : pos < 0 ? length + pos : 0;
  const end = Math.min(start + len, length);
  const from = Math.max(start, 0);
  return from >= end ? [0, 0] : [from, end];
}

// ---------------------------------------------------------------- Java regex → JS RegExp

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F', XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
};

const UNICODE_PROPERTIES: Readonly<Record<string, string>> = {
  IsAlphabetic: 'Alphabetic', IsLetter: 'L', IsDigit: 'Nd', IsUppercase: 'Uppercase', IsLowercase: 'Lowercase', IsWhite_Space: 'White_Space',
  IsWhiteSpace: 'White_Space', IsPunctuation: 'P', javaLowerCase: 'Lowercase', javaUpperCase: 'Uppercase', javaWhitespace: 'White_Space',
  javaDigit: 'Nd', javaLetter: 'L', javaAlphabetic: 'Alphabetic',
};

const SYNTAX_CHARACTERS = '^$\\.*+?()[]{}|/';

/** Java's `$` and `\\Z`: the end of input, or just before a line terminator that ends it. */
const END_OF_INPUT = '(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?(?![\\s\\S]))';

function invalidRegex(pattern: string, functionName: string, reason: string): BrookError {
  return userError('INVALID_REGEX', `Invalid regular expression '${pattern}' in ${functionName}: ${reason}`, {
    hint: 'patterns use Java regular expression syntax (java.util.regex.Pattern)',
  });
}

/**
 * Translates Java regex syntax into a JS RegExp: leading inline flags, \Q…\E, \A \z \Z, POSIX and Unicode \p{…} classes,
 * possessive quantifiers and atomic groups (matched as ordinary ones), Java-only escapes.
 */
function compileJavaRegex(pattern: string, functionName: string, global: boolean): RegExp {
  let flags = global ? 'g' : '';
  let src = pattern;
  const lead = /^\(\?([imsuxdU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'x') throw invalidRegex(pattern, functionName, 'the COMMENTS flag (?x) is not supported');
      if ((f === 'i' || f === 's' || f === 'm') && !flags.includes(f)) flags += f;
    }
    src = src.slice(lead[0].length);
  }
  let unicode = false;
  let out = '';
  let inClass = false;
  let classStart = -1;
  const fail = (reason: string): never => { throw invalidRegex(pattern, functionName, reason); };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) fail('it ends with an unescaped backslash');
      i++;
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 1);
        const text = src.slice(i + 1, end < 0 ? src.length : end);
        out += inClass ? text.replace(/[\\\][^-]/g, '\\$&') : text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
      } else if (n === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (n === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (n === 'Z' && !inClass) out += END_OF_INPUT;
      else if (n === 'e') out += '\\x1B';
      else if (n === 'a') out += '\\x07';
      else if (n === 'h') out += inClass ? ' \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000' : '[ \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000]';
      else if (n === 'R' && !inClass) out += '(?:\\r\\n|[\\n\\x0B\\f\\r\\u0085\\u2028\\u2029])';
      else if (n === 'G') fail('\\G is not supported');
      else if (n === 'p' || n === 'P') {
        let name: string;
        if (src[i + 1] === '{') {
          const close = src.indexOf('}', i + 2);
          if (close < 0) fail('unclosed character family \\p{');
          name = src.slice(i + 2, close);
          i = close;
        } else {
          name = src[i + 1] ?? fail('a character family is missing after \\p');
          i++;
        }
        const posix = POSIX_CLASSES[name.startsWith('Is') && POSIX_CLASSES[name.slice(2)] !== undefined ? name.slice(2) : name];
        if (posix !== undefined) {
          if (inClass && n === 'P') fail(`\\P{${name}} inside a character class is not supported`);
          out += inClass ? posix : `[${n === 'P' ? '^' : ''}${posix}]`;
        } else {
          if (name.startsWith('In')) fail(`Unicode blocks (\\p{${name}}) are not supported`);
          const property = UNICODE_PROPERTIES[name] ?? (name.startsWith('Is') ? `Script=${name.slice(2)}` : name);
          out += `\\${n}{${property}}`;
          unicode = true;
        }
      } else if (/[A-Za-z0-9]/.test(n!)) out += `\\${n}`;
      else if (SYNTAX_CHARACTERS.includes(n!) || (inClass && n === '-')) out += `\\${n}`;
      else out += n; // Java allows escaping any non-letter: `\-`, `\#`, `\ `
    } else if (inClass) {
      if (c === ']' && i > classStart) { inClass = false; out += c; }
      else if (c === ']' || c === '[') out += `\\${c}`; // a leading ']' is literal in Java; nested classes are not supported
      else if (c === '&' && src[i + 1] === '&') fail('character class intersection (&&) is not supported');
      else out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') { out += '^'; i++; }
      classStart = i + 1;
    } else if (c === '(' && src.startsWith('(?>', i)) {
      out += '(?:'; // atomic group: matched as a plain group
      i += 2;
    } else if (c === '(' && /^\(\?[imsuxdU-]+[:)]/.test(src.slice(i, i + 12))) {
      fail('inline flags are only supported at the start of the pattern');
    } else if (c === '$' && !flags.includes('m')) {
      out += END_OF_INPUT; // Java's $ also matches before a final line terminator
    } else if ((c === '*' || c === '+' || c === '?' || c === '}') && src[i + 1] === '+') {
      out += c; // possessive quantifier: matched as a greedy one
      i++;
    } else {
      out += c;
    }
  }
  try {
    return new RegExp(out, flags + (unicode ? 'u' : ''));
  } catch (e) {
    return fail(e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(e));
  }
}

/** Number of capturing groups of a RegExp. */
function groupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('')!.length - 1;
}

/** A regex for a literal pattern compiled once, or for row values with a one-entry cache (Spark does the same). */
function regexSource(call: BoundCall, argIndex: number, global: boolean): (pattern: string) => RegExp {
  const arg = call.args[argIndex];
  if (arg?.kind === 'literal' && typeof arg.value === 'string') {
    const re = compileJavaRegex(arg.value, call.name, global);
    return () => re;
  }
  let lastPattern: string | null = null;
  let last: RegExp | null = null;
  return (pattern) => {
    if (pattern !== lastPattern || last === null) {
      last = compileJavaRegex(pattern, call.name, global);
      lastPattern = pattern;
    }
    return last;
  };
}

// ---------------------------------------------------------------- like

function escapeForRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** A matcher for a SQL LIKE pattern (% any sequence, _ one character, escape char before %, _ or itself). */
function compileLike(pattern: string, escape: string, ignoreCase: boolean, functionName: string): (s: string) => boolean {
  const parts: string[] = []; // literal text, or '%' / '_' as wildcards at odd positions
  let literal = '';
  let wildcards = '';
  const invalid = (reason: string) =>
    userError('INVALID_LIKE_PATTERN', `Invalid ${functionName} pattern '${pattern}': ${reason}`, { hint: `escape '%', '_' and '${escape}' with '${escape}'` });
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === escape) {
      const n = pattern[i + 1];
      if (n === undefined) throw invalid('it is not allowed to end with the escape character');
      if (n !== '%' && n !== '_' && n !== escape) throw invalid(`the escape character is not allowed to precede '${n}'`);
      literal += n;
      i++;
    } else if (c === '%' || c === '_') {
      parts.push(literal, c);
      wildcards += c;
      literal = '';
    } else literal += c;
  }
  parts.push(literal);
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const [first, , middle] = parts.map(fold);
  if (wildcards === '') return (s) => fold(s) === first;
  if (wildcards === '%' && parts[2] === '') return (s) => fold(s).startsWith(first!);
  if (wildcards === '%' && parts[0] === '') return (s) => fold(s).endsWith(middle!);
  if (wildcards === '%%' && parts[0] === '' && parts[4] === '') return (s) => fold(s).includes(middle!);
  const source = parts.map((p, k) => (k % 2 === 0 ? escapeForRegex(fold(p)) : p === '%' ? '.*' : '.')).join('');
  const re = new RegExp(`^${source}$`, 'su');
  return (s) => re.test(fold(s));
}

function likeKernel(ignoreCase: boolean): KernelFactory {
  return (call) => {
    const escape = typeof call.options?.escapeChar === 'string' ? call.options.escapeChar : '\\';
    const patternArg = call.args[1];
    if (patternArg?.kind === 'literal' && typeof patternArg.value === 'string') {
      const matches = compileLike(patternArg.value, escape, ignoreCase, call.name);
      return unaryKernel(call.dataType, (s) => (matches(s as string) ? 1 : 0));
    }
    let lastPattern: string | null = null;
    let matches: (s: string) => boolean = () => false;
    return binaryKernel(call.dataType, (s, p) => {
      if (p !== lastPattern) { matches = compileLike(p as string, escape, ignoreCase, call.name); lastPattern = p as string; }
      return matches(s as string) ? 1 : 0;
    });
  };
}

// ---------------------------------------------------------------- split / regexp_*

/** java.lang.String.split(regex, limit) for limit != 0 (Spark turns 0 into -1), plus Spark's rule for an empty regex. */
function javaSplit(s: string, re: RegExp, limit: number, literal: string | null): string[] {
  if (limit <= 0 && literal !== null && literal !== '') return s.split(literal);
  if (re.source === '(?:)' && s.length > 0) {
    // Spark 3.4+: an empty regex splits into characters, without a trailing empty string
    const chars = Array.from(s);
    if (limit <= 0 || limit >= chars.length) return chars;
    return [...chars.slice(0, limit - 1), chars.slice(limit - 1).join('')];
  }
  const out: string[] = [];
  let index = 0;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (end === start) re.lastIndex = start + 1;
    if (limit <= 0 || out.length < limit - 1) {
      if (index === 0 && start === 0 && end === 0) continue; // no leading empty string for a zero-width match at 0
      out.push(s.slice(index, start));
      index = end;
    } else {
      break;
    }
  }
  if (index === 0) return [s];
  out.push(s.slice(index));
  return out;
}

const splitKernel: KernelFactory = (call) => {
  const regex = regexSource(call, 1, true);
  const p = call.args[1];
  const literal = p?.kind === 'literal' && typeof p.value === 'string' && !/[\\^$.|?*+()[\]{}]/.test(p.value) ? p.value : null;
  return naryKernel(call.dataType, (xs) => javaSplit(xs[0] as string, regex(xs[1] as string), xs[2] as number, literal));
};

function checkGroupIndex(functionName: string, groups: number, index: number): void {
  if (index < 0) throw userError('INVALID_REGEX_GROUP_INDEX', `${functionName}: the group index must not be negative, but got ${index}`);
  if (index > groups) {
    throw userError('INVALID_REGEX_GROUP_INDEX', `${functionName}: expects group index between 0 and ${groups}, but got ${index}`);
  }
}

function groupCounter(): (re: RegExp) => number {
  let lastRe: RegExp | null = null;
  let count = 0;
  return (re) => {
    if (re !== lastRe) { count = groupCount(re); lastRe = re; }
    return count;
  };
}

const regexpExtractKernel: KernelFactory = (call) => {
  const regex = regexSource(call, 1, false);
  const groups = groupCounter();
  return naryKernel(call.dataType, (xs) => {
    const re = regex(xs[1] as string);
    const m = re.exec(xs[0] as string);
    if (m === null) return '';
    const index = xs[2] as number;
    checkGroupIndex(call.name, groups(re), index); // like Spark, checked only once a row matches
    return m[index] ?? '';
  });
};

const regexpExtractAllKernel: KernelFactory = (call) => {
  const regex = regexSource(call, 1, true);
  const groups = groupCounter();
  return naryKernel(call.dataType, (xs) => {
    const re = regex(xs[1] as string);
    const s = xs[0] as string;
    const index = xs[2] as number;
    const out: string[] = [];
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      checkGroupIndex(call.name, groups(re), index);
      out.push(m[index] ?? '');
      if (m[0].length === 0) re.lastIndex = m.index + 1;
    }
    return out;
  });
};

type ReplacementPart = string | number | { readonly name: string };

/** Parses a java.util.regex replacement: `$n` / `${name}` group references, `\x` escapes; an error is kept until a row matches (like Java). */
function compileReplacement(replacement: string, groups: number, functionName: string): readonly ReplacementPart[] | BrookError {
  const parts: ReplacementPart[] = [];
  let text = '';
  const invalid = (reason: string) => userError('INVALID_REGEX_REPLACEMENT', `${functionName}: invalid replacement '${replacement}': ${reason}`, { hint: 'write \\$ for a literal dollar sign' });
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      if (i + 1 >= replacement.length) return invalid('character to be escaped is missing');
      text += replacement[++i];
    } else if (c === '$') {
      if (i + 1 >= replacement.length) return invalid('illegal group reference: group index is missing');
      if (replacement[i + 1] === '{') {
        const close = replacement.indexOf('}', i + 2);
        if (close < 0) return invalid("named capturing group is missing trailing '}'");
        parts.push(text, { name: replacement.slice(i + 2, close) });
        text = '';
        i = close;
        continue;
      }
      let k = i + 1;
      const first = replacement.charCodeAt(k) - 48;
      if (first < 0 || first > 9) return invalid('illegal group reference');
      let group = first;
      k++;
      while (k < replacement.length) {
        const d = replacement.charCodeAt(k) - 48;
        if (d < 0 || d > 9 || group * 10 + d > groups) break;
        group = group * 10 + d;
        k++;
      }
      if (group > groups) return invalid(`no group ${group}`);
      parts.push(text, group);
      text = '';
      i = k - 1;
    } else text += c;
  }
  parts.push(text);
  return parts;
}

function expandReplacement(parts: readonly ReplacementPart[], m: readonly (string | undefined)[], named: Record<string, string | undefined> | undefined, functionName: string): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else if (typeof p === 'number') out += m[p] ?? '';
    else {
      if (named === undefined || !(p.name in named)) throw userError('INVALID_REGEX_REPLACEMENT', `${functionName}: no group with name {${p.name}}`);
      out += named[p.name] ?? '';
    }
  }
  return out;
}

const regexpReplaceKernel: KernelFactory = (call) => {
  const regex = regexSource(call, 1, true);
  const groups = groupCounter();
  let lastKey: string | null = null;
  let lastRe: RegExp | null = null;
  let parts: readonly ReplacementPart[] | BrookError = [];
  return naryKernel(call.dataType, (xs) => {
    const s = xs[0] as string;
    const re = regex(xs[1] as string);
    const replacement = xs[2] as string;
    const position = (xs[3] as number | undefined) ?? 1;
    if (replacement !== lastKey || re !== lastRe) { parts = compileReplacement(replacement, groups(re), call.name); lastKey = replacement; lastRe = re; }
    if (position > 1 && position - 1 >= s.length) return s;
    const head = position > 1 ? s.slice(0, position - 1) : '';
    const tail = position > 1 ? s.slice(position - 1) : s;
    const compiled = parts;
    re.lastIndex = 0;
    return head + tail.replace(re, (...m: unknown[]) => {
      if (!Array.isArray(compiled)) throw compiled as BrookError;
      const last = m[m.length - 1];
      const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
      return expandReplacement(compiled as readonly ReplacementPart[], m as (string | undefined)[], named, call.name);
    });
  });
};

const rlikeKernel: KernelFactory = (call) => {
  const regex = regexSource(call, 1, false);
  const p = call.args[1];
  if (p?.kind === 'literal' && typeof p.value === 'string') {
    const re = regex(p.value);
    return unaryKernel(call.dataType, (s) => (re.test(s as string) ? 1 : 0));
  }
  return binaryKernel(call.dataType, (s, pattern) => (regex(pattern as string).test(s as string) ? 1 : 0));
};

// ---------------------------------------------------------------- everything else

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.length; }
  return out;
}

const concatKernel: KernelFactory = (call) => {
  if (call.dataType.kind === 'array') return naryKernel(call.dataType, (xs) => (xs as unknown[][]).flat(1));
  if (call.dataType.kind === 'binary') return naryKernel(call.dataType, (xs) => concatBytes(xs as Uint8Array[]));
  if (call.args.length === 0) return (_args, n) => makeVector(call.dataType, allocateValues(call.dataType, n), null, n);
  return naryKernel(call.dataType, (xs) => (xs as string[]).join(''));
};

const concatWsKernel: KernelFactory = (call) => nullAwareKernel(call.dataType, (xs) => {
  const sep = xs[0];
  if (sep === null) return null;
  const parts: string[] = [];
  for (let k = 1; k < xs.length; k++) {
    const x = xs[k];
    if (x === null) continue;
    if (Array.isArray(x)) { for (const e of x) if (e !== null && e !== undefined) parts.push(e as string); }
    else parts.push(x as string);
  }
  return parts.join(sep as string);
});

/** Strips characters of `set` from the ends; with no set only ' ' (Spark 3 trims ASCII space only). */
function trimmer(left: boolean, right: boolean): (s: string, set?: string) => string {
  let lastSet: string | null = null;
  let chars = new Set<string>();
  return (s, set) => {
    if (set === undefined) {
      let a = 0;
      let b = s.length;
      if (left) while (a < b && s.charCodeAt(a) === 32) a++;
      if (right) while (b > a && s.charCodeAt(b - 1) === 32) b--;
      return s.slice(a, b);
    }
    if (set !== lastSet) { chars = new Set(Array.from(set)); lastSet = set; }
    const cps = Array.from(s);
    let a = 0;
    let b = cps.length;
    if (left) while (a < b && chars.has(cps[a]!)) a++;
    if (right) while (b > a && chars.has(cps[b - 1]!)) b--;
    return cps.slice(a, b).join('');
  };
}

// trim(trimStr, str) in Spark's function-call order; one argument: trim(str)
function trimKernel(left: boolean, right: boolean): KernelFactory {
  return (call) => {
    const trim = trimmer(left, right);
    return call.args.length === 1
      ? unaryKernel(call.dataType, (s) => trim(s as string))
      : binaryKernel(call.dataType, (set, s) => trim(s as string, set as string));
  };
}

const substringKernel: KernelFactory = (call) => {
  if (call.dataType.kind === 'binary') {
    return naryKernel(call.dataType, (xs) => {
      const b = xs[0] as Uint8Array;
      const [from, to] = substringSql(b.length, xs[1] as number, xs[2] as number);
      return b.slice(from, to);
    });
  }
  return naryKernel(call.dataType, (xs) => {
    const s = xs[0] as string;
    const length = charLength(s);
    const [from, to] = substringSql(length, xs[1] as number, xs[2] as number);
    return charSlice(s, from, to, length);
  });
};

const lengthKernel: KernelFactory = (call) => (call.args[0]!.dataType.kind === 'binary'
  ? unaryKernel(call.dataType, (b) => (b as Uint8Array).length)
  : unaryKernel(call.dataType, (s) => charLength(s as string)));

function initcap(s: string): string {
  const lower = s.toLowerCase();
  let out = '';
  let start = true;
  for (const ch of lower) {
    out += start ? ch.toUpperCase() : ch;
    start = ch === ' ';
  }
  return out;
}

/** lpad/rpad by characters; a result longer than `len` is cut to `len`, an empty pad leaves the string as it is. */
function padder(left: boolean): (s: string, len: number, pad: string) => string {
  return (s, len, pad) => {
    if (len <= 0) return '';
    const length = charLength(s);
    if (len <= length || pad === '') return charSlice(s, 0, Math.min(len, length), length);
    const fill = len - length;
    const padChars = Array.from(pad);
    const filler = padChars.length === 1 ? pad.repeat(fill) : pad.repeat(Math.floor(fill / padChars.length)) + padChars.slice(0, fill % padChars.length).join('');
    return left ? filler + s : s + filler;
  };
}

function padKernel(left: boolean): KernelFactory {
  const pad = padder(left);
  return (call) => naryKernel(call.dataType, (xs) => pad(xs[0] as string, xs[1] as number, xs[2] as string));
}

const instrKernel: KernelFactory = (call) => binaryKernel(call.dataType, (s, sub) => {
  const str = s as string;
  const at = str.indexOf(sub as string);
  return at < 0 ? 0 : charIndex(str, at) + 1;
});

// locate(substr, str, pos): a null pos gives 0 (Hive), pos < 1 gives 0, an empty substr gives 1 (Spark's UTF8String.indexOf)
const locateKernel: KernelFactory = (call) => nullAwareKernel(call.dataType, (xs) => {
  const [sub, s, pos] = xs as [string | null, string | null, number | null];
  if (pos === null) return 0;
  if (sub === null || s === null) return null;
  if (pos < 1) return 0;
  if (sub === '') return 1;
  const from = unitIndex(s, pos - 1);
  const at = s.indexOf(sub, from);
  return at < 0 ? 0 : charIndex(s, at) + 1;
});

const replaceKernel: KernelFactory = (call) => naryKernel(call.dataType, (xs) => {
  const [s, search, replacement] = xs as [string, string, string];
  return s === '' || search === '' ? s : s.split(search).join(replacement);
});

const reverseKernel: KernelFactory = (call) => (call.dataType.kind === 'array'
  ? unaryKernel(call.dataType, (a) => [...(a as unknown[])].reverse())
  : unaryKernel(call.dataType, (s) => Array.from(s as string).reverse().join('')));

const repeatKernel: KernelFactory = (call) => binaryKernel(call.dataType, (s, n) => ((n as number) > 0 ? (s as string).repeat(n as number) : ''));

const asciiKernel: KernelFactory = (call) => unaryKernel(call.dataType, (s) => (s as string).codePointAt(0) ?? 0);

// translate(src, matching, replace): the i-th character of matching becomes the i-th of replace, or is removed; the first mapping wins
const translateKernel: KernelFactory = (call) => {
  let lastKey: string | null = null;
  let mapping = new Map<string, string>();
  return naryKernel(call.dataType, (xs) => {
    const [s, matching, replacement] = xs as [string, string, string];
    const key = `${matching}\u0000${replacement}`;
    if (key !== lastKey) {
      mapping = new Map();
      const to = Array.from(replacement);
      Array.from(matching).forEach((ch, k) => { if (!mapping.has(ch)) mapping.set(ch, to[k] ?? ''); });
      lastKey = key;
    }
    let out = '';
    for (const ch of s) out += mapping.get(ch) ?? ch;
    return out;
  });
};

function stringMap(fn: (s: string) => string): KernelFactory {
  return (call) => unaryKernel(call.dataType, (s) => fn(s as string));
}

registerKernels({
  concat: concatKernel,
  concat_ws: concatWsKernel,
  upper: stringMap((s) => s.toUpperCase()),
  lower: stringMap((s) => s.toLowerCase()),
  initcap: stringMap(initcap),
  trim: trimKernel(true, true),
  ltrim: trimKernel(true, false),
  rtrim: trimKernel(false, true),
  btrim: (call) => {
    const trim = trimmer(true, true);
    return call.args.length === 1
      ? unaryKernel(call.dataType, (s) => trim(s as string))
      : binaryKernel(call.dataType, (s, set) => trim(s as string, set as string));
  },
  substring: substringKernel,
  length: lengthKernel,
  split: splitKernel,
  regexp_extract: regexpExtractKernel,
  regexp_extract_all: regexpExtractAllKernel,
  regexp_replace: regexpReplaceKernel,
  like: likeKernel(false),
  ilike: likeKernel(true),
  rlike: rlikeKernel,
  lpad: padKernel(true),
  rpad: padKernel(false),
  instr: instrKernel,
  locate: locateKernel,
  replace: replaceKernel,
  reverse: reverseKernel,
  repeat: repeatKernel,
  ascii: asciiKernel,
  translate: translateKernel,
});
