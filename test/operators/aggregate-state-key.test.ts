// stateKeyWriter gives exactly stateKeyOf's text (the checkpoint's state keys) for every key type, as one flat string.
import { describe, expect, it } from 'vitest';
import {
  ArrayTypeOf, BinaryType, BooleanType, DateType, DoubleType, IntegerType, LongType, MapTypeOf, StringType, StructField, StructType,
} from '../../src/common/data-types.js';
import { stateKeyWriter } from '../../src/operators/aggregate-state-key.js';
import { stateKeyOf } from '../../src/operators/group-index.js';
import { WINDOW_TYPE } from '../../src/planner/logical/stateful-builder.js';

describe('stateKeyWriter', () => {
  it('writes BIGINT + window keys as stateKeyOf does', () => {
    const write = stateKeyWriter([LongType, WINDOW_TYPE]);
    const keys = [90967, { start: 1_700_000_146_000_000, end: 1_700_000_156_000_000 }];
    expect(write(keys)).toBe('[90967,{"start":1700000146000000,"end":1700000156000000}]');
    expect(write(keys)).toBe(stateKeyOf(keys));
    expect(write([null, null])).toBe(stateKeyOf([null, null]));
    expect(write([5, { start: null, end: 10 }])).toBe('[5,{"start":null,"end":10}]');
  });

  it('agrees with stateKeyOf on numbers JSON cannot hold, strings that need escapes, nested structs and booleans', () => {
    const inner = new StructType([new StructField('x', DoubleType), new StructField('label', StringType)]);
    const outer = new StructType([new StructField('when', DateType), new StructField('inner', inner)]);
    const write = stateKeyWriter([DoubleType, StringType, outer, BooleanType, IntegerType]);
    const cases: unknown[][] = [
      [Number.NaN, 'a"b\\c', { when: 19_000, inner: { x: -0, label: 'é\n\u0001' } }, 1, -5],
      [Number.POSITIVE_INFINITY, '', { when: null, inner: null }, 0, 2_147_483_647],
      [Number.NEGATIVE_INFINITY, null, null, null, null],
      [1.5e300, '😀', { when: -1, inner: { x: 0.1, label: null } }, true, 0],
    ];
    for (const keys of cases) expect(write(keys)).toBe(stateKeyOf(keys));
    expect(write(cases[0]!)).toBe('[null,"a\\"b\\\\c",{"when":19000,"inner":{"x":0,"label":"é\\n\\u0001"}},1,-5]');
  });

  it('leaves keys it cannot lay out to stateKeyOf: arrays, maps, binary, numeric or repeated field names, missing fields', () => {
    const numericNames = new StructType([new StructField('b', IntegerType), new StructField('1', IntegerType)]);
    const samples: [Parameters<typeof stateKeyWriter>[0], unknown[]][] = [
      [[ArrayTypeOf(IntegerType)], [[1, 2]]],
      [[MapTypeOf(StringType, IntegerType)], [new Map([['a', 1]])]],
      [[BinaryType], [Uint8Array.of(1, 2)]],
      [[numericNames], [{ b: 1, 1: 2 }]],
      [[WINDOW_TYPE], [{ start: 1 }]],
    ];
    for (const [types, keys] of samples) expect(stateKeyWriter(types)(keys)).toBe(stateKeyOf(keys));
    expect(stateKeyWriter([numericNames])([{ b: 1, 1: 2 }])).toBe('[{"1":2,"b":1}]');
    expect(stateKeyWriter([WINDOW_TYPE])([{ start: 1 }])).toBe('[{"start":1}]');
  });

  it('writes an empty key list and an empty struct', () => {
    expect(stateKeyWriter([])([])).toBe('[]');
    expect(stateKeyWriter([new StructType([])])([{}])).toBe('[{}]');
  });
});
