// String functions through the catalog and the kernels: Spark 3.5 results for edge cases, nulls, coercion and rendering.
import { describe, expect, it } from 'vitest';
import { ArrayTypeOf, BinaryType, IntegerType, StringType } from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { constantVector, valueAt, vectorFromValues } from '../../src/compute/column-vector.js';
import type { ColumnVector } from '../../src/compute/column-vector.js';
import { lookupKernel } from '../../src/compute/kernel-registry.js';
import '../../src/compute/kernels/string-kernels.js';
import { boundLiteral } from '../../src/planner/expr/bound-expression.js';
import type { BoundCall, BoundExpr } from '../../src/planner/expr/bound-expression.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/string-functions.js';
import { renderExpression } from '../../src/planner/expr/render-expression.js';

/** A literal argument (plan-time constant), as opposed to a column vector. */
interface Lit { readonly literal: unknown; readonly type: DataType }
const lit = (literal: unknown, type: DataType = typeof literal === 'number' ? IntegerType : StringType): Lit => ({ literal, type });
const strings = (...values: (string | null)[]): ColumnVector => vectorFromValues(StringType, values);
const ints = (...values: (number | null)[]): ColumnVector => vectorFromValues(IntegerType, values);

/** Resolves `name` over the arguments (vectors become column refs c0, c1, …) into a bound call. */
function bind(name: string, args: readonly (ColumnVector | Lit)[]): BoundCall {
  const bound: BoundExpr[] = args.map((a, index) => ('literal' in a
    ? boundLiteral(a.literal, a.type)
    : { kind: 'ref', index, name: `c${index}`, dataType: a.dataType, nullable: a.nulls !== null }));
  const sig = lookupFunction(name)!;
  const r = sig.resolve(bound, { timeZone: 'UTC', functionName: sig.name });
  return { kind: 'call', name: sig.name, args: r.args, dataType: r.dataType, nullable: r.nullable, options: r.options };
}

/** Evaluates `name(args)` over n rows and returns the values as collect() would. */
function run(name: string, ...args: (ColumnVector | Lit)[]): unknown[] {
  const n = args.find((a): a is ColumnVector => !('literal' in a))?.length ?? 1;
  const call = bind(name, args);
  const vectors = call.args.map((e) => {
    if (e.kind === 'ref') return args[e.index] as ColumnVector;
    if (e.kind === 'literal') return constantVector(e.dataType, e.value, n);
    throw new Error(`test helper cannot evaluate ${e.kind}`);
  });
  const out = lookupKernel(call.name)!(call, { timeZone: 'UTC', batchTimestampMs: () => 0 })(vectors, n);
  return Array.from({ length: n }, (_, i) => valueAt(out, i));
}

describe('case and concatenation', () => {
  it('upper, lower, initcap and their aliases', () => {
    expect(run('upper', strings('abc', null, 'ß'))).toEqual(['ABC', null, 'SS']);
    expect(run('ucase', strings('x'))).toEqual(['X']);
    expect(run('lcase', strings('AbC', null))).toEqual(['abc', null]);
    expect(run('initcap', strings('hello wORLD-foo  bar', null))).toEqual(['Hello World-foo  Bar', null]);
  });

  it('concat is null when any argument is null', () => {
    expect(run('concat', strings('a', null, 'c'), lit('x'), strings('1', '2', null))).toEqual(['ax1', null, null]);
    expect(run('concat')).toEqual(['']);
    const arrays = vectorFromValues(ArrayTypeOf(IntegerType), [[1, 2], null]);
    expect(run('concat', arrays, arrays)).toEqual([[1, 2, 1, 2], null]);
  });

  it('concat_ws skips nulls and flattens string arrays', () => {
    const arrays = vectorFromValues(ArrayTypeOf(StringType), [['x', null, 'y'], null, []]);
    expect(run('concat_ws', lit('-'), strings('a', null, 'c'), arrays, strings('b', 'b', null))).toEqual(['a-x-y-b', 'b', 'c']);
    expect(run('concat_ws', lit(null, StringType), strings('a'))).toEqual([null]);
    expect(run('concat_ws', lit(','))).toEqual(['']);
  });
});

describe('trim and pads', () => {
  it('trims only spaces, or the characters of trimStr (trim(trimStr, str) order)', () => {
    expect(run('trim', strings('  a b  ', '\ta\t', null))).toEqual(['a b', '\ta\t', null]);
    expect(run('ltrim', strings('  a  '))).toEqual(['a  ']);
    expect(run('rtrim', strings('  a  '))).toEqual(['  a']);
    expect(run('trim', lit('SL'), strings('SSparkSQLS'))).toEqual(['parkSQ']);
    expect(run('ltrim', lit('xyz'), strings('zzzytestxyz'))).toEqual(['testxyz']);
    expect(run('rtrim', lit('xyz'), strings('xyztestxxzx'))).toEqual(['xyztest']);
    expect(run('btrim', strings('SSparkSQLS'), lit('SL'))).toEqual(['parkSQ']);
  });

  it('lpad and rpad pad or cut to the length in characters', () => {
    expect(run('lpad', strings('hi', 'hello', null), lit(5), lit('ab'))).toEqual(['abahi', 'hello', null]);
    expect(run('lpad', strings('hello'), lit(3))).toEqual(['hel']);
    expect(run('rpad', strings('hi'), lit(5))).toEqual(['hi   ']);
    expect(run('rpad', strings('hi'), lit(5), lit('xyz'))).toEqual(['hixyz']);
    expect(run('lpad', strings('hi'), lit(5), lit(''))).toEqual(['hi']);
    expect(run('lpad', strings('hi'), lit(-1))).toEqual(['']);
    expect(run('lpad', strings('😀'), lit(3), lit('é'))).toEqual(['éé😀']);
  });
});

describe('substring and length', () => {
  it('follows Spark positions: 1-based, 0 as 1, negative from the end, length past the end', () => {
    const s = strings('Spark SQL', 'Spark SQL', 'Spark SQL', 'Spark SQL', 'Spark SQL', 'abc', 'abc', 'abc', 'abc', 'abc', null);
    const pos = ints(5, -3, 5, 0, 1, -5, 2, 4, 2, -1, 1);
    const len = ints(2147483647, 2147483647, 1, 3, 3, 3, 100, 2147483647, -1, 5, 1);
    expect(run('substring', s, pos, len)).toEqual(['k SQL', 'SQL', 'k', 'Spa', 'Spa', 'a', 'bc', '', '', 'c', null]);
    expect(run('substr', strings('Spark SQL'), lit(-3))).toEqual(['SQL']);
    expect(run('substring', strings('a😀b'), lit(2), lit(1))).toEqual(['😀']);
    expect(run('substring', strings('abc'), ints(null), lit(1))).toEqual([null]);
  });

  it('substring of BINARY counts bytes', () => {
    const b = vectorFromValues(BinaryType, [new Uint8Array([1, 2, 3, 4])]);
    expect(run('substring', b, lit(-2))).toEqual([new Uint8Array([3, 4])]);
  });

  it('length counts characters, or bytes for BINARY', () => {
    expect(run('length', strings('a😀b', '', null))).toEqual([3, 0, null]);
    expect(run('char_length', strings('abc'))).toEqual([3]);
    expect(run('character_length', vectorFromValues(BinaryType, ['é']))).toEqual([2]);
  });
});

describe('split and regular expressions', () => {
  it('split keeps trailing empty strings unless a positive limit stops it', () => {
    expect(run('split', strings('a,b,,c,,', '', ',a', null), lit(','))).toEqual([['a', 'b', '', 'c', '', ''], [''], ['', 'a'], null]);
    expect(run('split', strings('a,b,c'), lit(','), lit(2))).toEqual([['a', 'b,c']]);
    expect(run('split', strings('a,b,,'), lit(','), lit(0))).toEqual([['a', 'b', '', '']]);
    expect(run('split', strings('a;b, c'), lit('[,;] ?'))).toEqual([['a', 'b', 'c']]);
    expect(run('split', strings('aBcD'), lit('(?=[A-Z])'))).toEqual([['a', 'Bc', 'D']]);
    expect(run('split', strings('abc', 'abc'), lit(''), ints(-1, 2))).toEqual([['a', 'b', 'c'], ['a', 'bc']]);
    expect(run('split', strings('a1b22c'), strings('\\d+'), lit(10))).toEqual([['a', 'b', 'c']]);
  });

  it('regexp_extract returns a group, empty when nothing matches, and checks the index on a match', () => {
    const s = strings('100-200', 'x', null);
    expect(run('regexp_extract', s, lit('(\\d+)-(\\d+)'))).toEqual(['100', '', null]);
    expect(run('regexp_extract', s, lit('(\\d+)-(\\d+)'), lit(2))).toEqual(['200', '', null]);
    expect(run('regexp_extract', s, lit('(\\d+)-(\\d+)'), lit(0))).toEqual(['100-200', '', null]);
    expect(run('regexp_extract', strings('ab'), lit('(a)(x)?'), lit(2))).toEqual(['']);
    expect(run('regexp_extract', strings('no digits'), lit('(\\d+)'), lit(3))).toEqual(['']);
    expect(() => run('regexp_extract', s, lit('(\\d+)-(\\d+)'), lit(3))).toThrow('regexp_extract: expects group index between 0 and 2, but got 3');
    expect(run('regexp_extract_all', strings('100-200, 300-400'), lit('(\\d+)-(\\d+)'))).toEqual([['100', '300']]);
  });

  it('regexp_replace supports $n references, escapes and a start position', () => {
    expect(run('regexp_replace', strings('100-200', null), lit('(\\d+)'), lit('num'))).toEqual(['num-num', null]);
    expect(run('regexp_replace', strings('100-200'), lit('(\\d+)-(\\d+)'), lit('$2-$1'))).toEqual(['200-100']);
    expect(run('regexp_replace', strings('a1'), lit('(\\d)'), lit('\\$1 costs \\\\ $1'))).toEqual(['a$1 costs \\ 1']);
    expect(run('regexp_replace', strings('aaaa'), lit('a'), lit('b'), lit(3))).toEqual(['aabb']);
    expect(run('regexp_replace', strings('abc'), lit('^'), lit('>'), lit(2))).toEqual(['a>bc']);
    expect(run('regexp_replace', strings('abc'), lit(''), lit('-'))).toEqual(['-a-b-c-']);
    expect(run('regexp_replace', strings('xyz'), lit('(\\d)'), lit('$5'))).toEqual(['xyz']);
    expect(() => run('regexp_replace', strings('a1'), lit('(\\d)'), lit('$5'))).toThrow("regexp_replace: invalid replacement '$5': no group 5");
    expect(() => run('regexp_replace', strings('a'), lit('a'), lit('b'), lit(0))).toThrow(
      "Cannot resolve 'regexp_replace(c0, a, b, 0)' due to data type mismatch: the position of regexp_replace must be an integer literal of at least 1, got 0",
    );
  });

  it('rlike finds the pattern anywhere, with Java syntax', () => {
    const s = strings('abc123', 'abc', null);
    expect(run('rlike', s, lit('\\d+'))).toEqual([true, false, null]);
    expect(run('regexp', s, lit('^abc$'))).toEqual([false, true, null]);
    expect(run('regexp_like', strings('ABC'), lit('(?i)abc'))).toEqual([true]);
    expect(run('rlike', strings('a.b', 'axb'), lit('^\\Qa.b\\E$'))).toEqual([true, false]);
    expect(run('rlike', strings('ab1', 'ab'), lit('^\\p{Alpha}+$'))).toEqual([false, true]);
    expect(run('rlike', strings('aaab'), lit('\\Aa++b\\z'))).toEqual([true]);
    expect(run('rlike', strings('x1', 'y'), strings('\\d', 'y'))).toEqual([true, true]);
    expect(run('rlike', strings('abc\n', 'abc\nd'), lit('abc$'))).toEqual([true, false]); // Java's $ before a final newline
    expect(run('rlike', strings('abc\nd'), lit('(?m)c$'))).toEqual([true]);
  });

  it('rejects an invalid regex naming the pattern and the function', () => {
    expect(() => run('rlike', strings('a'), lit('('))).toThrow("Invalid regular expression '(' in rlike: Unterminated group");
    expect(() => run('split', strings('a'), lit('a{2,1}'))).toThrow(expect.objectContaining({ code: 'INVALID_REGEX' }));
  });
});

describe('like', () => {
  it('matches % and _ over the whole string, _ also a newline', () => {
    const s = strings('abc', 'abcd', 'a\nc', 'xabcx', null);
    expect(run('like', s, lit('a%'))).toEqual([true, true, true, false, null]);
    expect(run('like', s, lit('a_c'))).toEqual([true, false, true, false, null]);
    expect(run('like', s, lit('%bc'))).toEqual([true, false, false, false, null]);
    expect(run('like', s, lit('%bc%'))).toEqual([true, true, false, true, null]);
    expect(run('like', s, lit('abc'))).toEqual([true, false, false, false, null]);
    expect(run('like', s, lit('_b%d'))).toEqual([false, true, false, false, null]);
    expect(run('like', strings('a.c', 'abc'), lit('a.c'))).toEqual([true, false]);
  });

  it('handles escapes, a custom escape character and patterns from a column', () => {
    expect(run('like', strings('a%c', 'abc'), lit('a\\%c'))).toEqual([true, false]);
    expect(run('like', strings('a\\c'), lit('a\\\\c'))).toEqual([true]);
    expect(run('like', strings('a_c', 'abc'), lit('a#_c'), lit('#'))).toEqual([true, false]);
    expect(run('like', strings('abc', 'abc', null), strings('a%', 'b%', 'a%'))).toEqual([true, false, null]);
    expect(run('ilike', strings('ABC'), lit('a%'))).toEqual([true]);
  });

  it('rejects invalid escapes like Spark', () => {
    expect(() => run('like', strings('a'), lit('a\\b'))).toThrow("Invalid like pattern 'a\\b': the escape character is not allowed to precede 'b'");
    expect(() => run('like', strings('a'), lit('a\\'))).toThrow("Invalid like pattern 'a\\': it is not allowed to end with the escape character");
    expect(() => run('like', strings('a'), lit('a'), lit('##'))).toThrow('The escape of like must be a string literal of one character, got ##');
  });
});

describe('search and other string functions', () => {
  it('instr and locate return 1-based character positions, 0 when absent', () => {
    expect(run('instr', strings('SparkSQL', 'a😀b', 'abc', null), lit('b'))).toEqual([0, 3, 2, null]);
    expect(run('instr', strings('SparkSQL'), lit('SQL'))).toEqual([6]);
    expect(run('locate', lit('bar'), strings('foobarbar', null))).toEqual([4, null]);
    expect(run('locate', lit('bar'), strings('foobarbar', 'foobarbar', 'foobarbar'), ints(5, 0, null))).toEqual([7, 0, 0]);
    expect(run('position', lit(''), strings('abc'), lit(3))).toEqual([1]);
  });

  it('replace, reverse, repeat, ascii and translate', () => {
    expect(run('replace', strings('ABCabc', 'a$b', null), lit('b'), lit('$$'))).toEqual(['ABCa$$c', 'a$$$', null]);
    expect(run('replace', strings('abc'), lit('b'))).toEqual(['ac']);
    expect(run('replace', strings('abc'), lit(''), lit('x'))).toEqual(['abc']);
    expect(run('reverse', strings('a😀b', null))).toEqual(['b😀a', null]);
    expect(run('reverse', vectorFromValues(ArrayTypeOf(IntegerType), [[1, 2, 3]]))).toEqual([[3, 2, 1]]);
    expect(run('repeat', strings('ab', 'ab'), ints(3, -1))).toEqual(['ababab', '']);
    expect(run('ascii', strings('A', '', '😀', null))).toEqual([65, 0, 128512, null]);
    expect(run('translate', strings('AaBbCc', 'abca'), lit('abc'), lit('1x'))).toEqual(['A1BxC', '1x1']);
  });
});

describe('resolution', () => {
  it('casts numbers to STRING and strings to INT, and names calls like Spark', () => {
    const upper = bind('upper', [ints(1)]);
    expect(upper.args[0]).toMatchObject({ kind: 'cast', dataType: StringType });
    expect(renderExpression(upper)).toBe('upper(CAST(c0 AS STRING))');
    const sub = bind('substring', [strings('abc'), lit('2')]);
    expect(sub.args[1]).toMatchObject({ kind: 'cast', dataType: IntegerType });
    expect(renderExpression(bind('substring', [strings('abc'), lit(2)]))).toBe('substring(c0, 2, 2147483647)');
    expect(renderExpression(bind('concat_ws', [lit('-'), strings('a'), strings('b')]))).toBe('concat_ws(-, c1, c2)');
    expect(renderExpression(bind('like', [strings('a'), lit('a%')]))).toBe('c0 LIKE a%');
    expect(renderExpression(bind('like', [strings('a'), lit('a%'), lit('#')]))).toBe("c0 LIKE a% ESCAPE '#'");
    expect(renderExpression(bind('trim', [lit('SL'), strings('a')]))).toBe('TRIM(BOTH SL FROM c1)');
    expect(renderExpression(bind('split', [strings('a'), lit(',')]))).toBe('split(c0, ,, -1)');
    expect(bind('concat_ws', [lit('-'), strings('a', null)]).nullable).toBe(false);
    expect(bind('upper', [lit(null, { kind: 'null' })]).args[0]).toMatchObject({ kind: 'literal', value: null, dataType: StringType });
  });

  it('rejects complex types where a STRING is expected', () => {
    expect(() => bind('upper', [vectorFromValues(ArrayTypeOf(IntegerType), [[1]])])).toThrow(
      "Cannot resolve 'upper(c0)' due to data type mismatch: parameter 1 of upper requires the STRING type, however 'c0' has the type ARRAY<INT>",
    );
    expect(() => bind('repeat', [strings('a'), vectorFromValues({ kind: 'boolean' }, [true])])).toThrow(
      "Cannot resolve 'repeat(c0, c1)' due to data type mismatch: parameter 2 of repeat requires the INT type, however 'c1' has the type BOOLEAN",
    );
  });
});
