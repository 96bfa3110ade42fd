// HyperLogLog sketch behind approx_count_distinct: 53-bit value hashes, exact while small, dense registers with Ertl's estimator.
//
//   precision p = ceil(2·log2(1.106 / rsd))                     (Spark's HyperLogLogPlusPlus; rsd 0.05 → p = 9, 512 registers)
//   add(hash):   exact mode: remember the hash (a Set) while at most EXACT_LIMIT hashes are known, then switch to dense
//                dense mode: register[top p bits] = max(register, 1 + leading zeros of the remaining 53 - p bits)
//   merge:       union of hashes / register-wise max (exact + dense: the hashes are added to the registers)
//   estimate:    exact mode: the number of hashes; dense: Ertl's improved estimator ("New cardinality estimation
//                algorithms for HyperLogLog sketches", 2017), unbiased over the whole range without Spark's empirical
//                bias tables, so results differ from Spark's in the last digits but keep its error bound.
// Values are hashed by their internal representation with two 32-bit murmur3-style lanes (written here); the hash is
// part of the checkpoint format (exact-mode state stores hashes), so it must not change.
import type { DataType } from '../../common/data-types.js';
import { internalError } from '../../common/errors.js';
import { encodeValue, isNumberBacked, stateArray } from './aggregate-state-codec.js';
import type { JsonValue } from './aggregate-state-codec.js';

/** Distinct hashes kept exactly before the sketch switches to registers. */
export const EXACT_LIMIT = 128;
/** The largest precision brook accepts (2^24 one-byte registers per group). */
export const MAX_PRECISION = 24;

const LOW_BITS = 21;
const LOW_RANGE = 2 ** LOW_BITS;

/** A sketch buffer: `exact` holds hashes until it outgrows EXACT_LIMIT, then `registers` (2^p bytes) take over. */
export interface HyperLogLogBuffer {
  exact: Set<number> | null;
  registers: Uint8Array | null;
}

/**
 * Spark's precision for a relative standard deviation: ceil(2·log2(1.106 / rsd)).
 * @example precisionForRelativeSD(0.05) // 9
 */
export function precisionForRelativeSD(relativeSD: number): number {
  return Math.ceil((2 * Math.log(1.106 / relativeSD)) / Math.LN2);
}

/**
 * An empty sketch.
 * @example const sketch = emptySketch()
 */
export function emptySketch(): HyperLogLogBuffer {
  return { exact: new Set<number>(), registers: null };
}

/**
 * Adds one 53-bit hash (see valueHasher) to a sketch of precision p, in place.
 * @example addHash(sketch, 9, valueHasher(IntegerType)(42))
 */
export function addHash(sketch: HyperLogLogBuffer, precision: number, hash: number): void {
  if (sketch.registers !== null) {
    addToRegisters(sketch.registers, precision, hash);
    return;
  }
  const exact = sketch.exact!;
  exact.add(hash);
  if (exact.size > EXACT_LIMIT) toDense(sketch, precision);
}

function addToRegisters(registers: Uint8Array, precision: number, hash: number): void {
  const high = Math.floor(hash / LOW_RANGE);
  const low = hash - high * LOW_RANGE;
  const index = high >>> (32 - precision);
  const rest = (high << precision) | 0;
  const rank = rest !== 0 ? Math.clz32(rest) + 1 : 32 - precision + (Math.clz32(low) - (32 - LOW_BITS)) + 1;
  if (rank > registers[index]!) registers[index] = rank;
}

function toDense(sketch: HyperLogLogBuffer, precision: number): void {
  const registers = new Uint8Array(1 << precision);
  for (const h of sketch.exact!) addToRegisters(registers, precision, h);
  sketch.registers = registers;
  sketch.exact = null;
}

/**
 * Folds sketch `b` into sketch `a` (same precision) and returns `a`.
 * @example merged = mergeSketches(a, b, 9)
 */
export function mergeSketches(a: HyperLogLogBuffer, b: HyperLogLogBuffer, precision: number): HyperLogLogBuffer {
  if (b.registers === null) {
    for (const h of b.exact!) addHash(a, precision, h);
    return a;
  }
  if (a.registers === null) toDense(a, precision);
  const ra = a.registers!;
  const rb = b.registers;
  for (let i = 0; i < ra.length; i++) if (rb[i]! > ra[i]!) ra[i] = rb[i]!;
  return a;
}

/**
 * The estimated number of distinct values (exact in exact mode), rounded to an integer.
 * @example estimateCardinality(sketch, 9) // 1003
 */
export function estimateCardinality(sketch: HyperLogLogBuffer, precision: number): number {
  if (sketch.registers === null) return sketch.exact!.size;
  const m = sketch.registers.length;
  const q = 53 - precision;
  const histogram = new Float64Array(q + 2);
  for (const r of sketch.registers) histogram[r]! += 1;
  let z = m * tau(1 - histogram[q + 1]! / m);
  for (let k = q; k >= 1; k--) z = 0.5 * (z + histogram[k]!);
  z += m * sigma(histogram[0]! / m);
  return Math.round((m * m) / (2 * Math.LN2 * z));
}

/** σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k-1), the small-range correction of Ertl's estimator. */
function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const previous = z;
    z += x * y;
    y += y;
    if (z === previous) return z;
  }
}

/** τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))² 2^-k) / 3, the large-range correction of Ertl's estimator. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z === previous) return z / 3;
  }
}

/**
 * The sketch in JSON-safe form: `{ exact: [hashes] }` or `{ registers: base64 }`.
 * @example JSON.stringify(sketchToState(emptySketch())) // '{"exact":[]}'
 */
export function sketchToState(sketch: HyperLogLogBuffer): JsonValue {
  if (sketch.registers === null) return { exact: [...sketch.exact!] };
  const r = sketch.registers;
  return { registers: Buffer.from(r.buffer, r.byteOffset, r.byteLength).toString('base64') };
}

/**
 * The inverse of sketchToState; the register count must match the precision.
 * @example sketchFromState(JSON.parse(text), 9)
 */
export function sketchFromState(state: unknown, precision: number): HyperLogLogBuffer {
  const s = (state ?? {}) as { exact?: unknown; registers?: unknown };
  if (typeof s.registers === 'string') {
    const registers = new Uint8Array(Buffer.from(s.registers, 'base64'));
    if (registers.length !== 1 << precision) {
      throw internalError(`approx_count_distinct state has ${registers.length} registers, precision ${precision} needs ${1 << precision}`);
    }
    return { exact: null, registers };
  }
  const sketch = emptySketch();
  for (const h of stateArray(s.exact)) addHash(sketch, precision, Number(h));
  return sketch;
}

// ---------------------------------------------------------------- hashing

const scratch = new DataView(new ArrayBuffer(8));
const SEED_A = 0x2f0b3c11;
const SEED_B = 0x5be1f3a7;

function scrambleA(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  return Math.imul((k << 15) | (k >>> 17), 0x1b873593);
}

function scrambleB(k: number): number {
  k = Math.imul(k, 0x85ebca77);
  return Math.imul((k << 13) | (k >>> 19), 0x9e3779b1);
}

function laneA(h: number, k: number): number {
  h ^= scrambleA(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function laneB(h: number, k: number): number {
  h ^= scrambleB(k);
  h = (h << 17) | (h >>> 15);
  return (Math.imul(h, 5) + 0x561ccd1b) | 0;
}

function finishA(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function finishB(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function combine(a: number, b: number): number {
  return a * LOW_RANGE + (b >>> (32 - LOW_BITS));
}

/**
 * The 53-bit hash of a number by its IEEE-754 bits (-0 hashed as 0, every NaN alike, as Spark's hash functions do).
 * @example hashNumber(-0) === hashNumber(0) // true
 */
export function hashNumber(x: number): number {
  scratch.setFloat64(0, x === 0 ? 0 : x !== x ? Number.NaN : x, true);
  const lo = scratch.getInt32(0, true);
  const hi = scratch.getInt32(4, true);
  return combine(finishA(laneA(laneA(SEED_A, lo), hi), 8), finishB(laneB(laneB(SEED_B, lo), hi), 8));
}

/**
 * The 53-bit hash of a string by its UTF-16 code units.
 * @example hashString('a') !== hashString('b') // true
 */
export function hashString(s: string): number {
  let a = SEED_A;
  let b = SEED_B;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = laneA(a, k);
    b = laneB(b, k);
  }
  if (i < n) {
    const k = s.charCodeAt(i);
    a ^= scrambleA(k);
    b ^= scrambleB(k);
  }
  return combine(finishA(a, n * 2), finishB(b, n * 2));
}

/**
 * The hash function for non-null values of a type: numbers by their bits, strings by code units, other values by the
 * text of their canonical encoding (see aggregate-state-codec.ts).
 * @example valueHasher(StringType)('user-1')
 */
export function valueHasher(type: DataType): (value: unknown) => number {
  if (type.kind === 'boolean') return (value) => hashNumber(value === true || value === 1 ? 1 : 0);
  if (isNumberBacked(type)) return (value) => hashNumber(value as number);
  if (type.kind === 'string') return (value) => hashString(value as string);
  return (value) => hashString(JSON.stringify(encodeValue(type, value, true)));
}
