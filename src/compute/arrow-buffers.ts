// Typed-array codecs between ColumnVector storage and Arrow buffers: validity bitmaps, bit-packed booleans, int64 words,
// Decimal128 words and UTF-8 offsets + bytes. Pure functions over typed arrays; little-endian like Arrow JS itself.

const TWO_POW_32 = 4294967296;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const POPCOUNT = new Uint8Array(256).map((_, b) => (b & 1) + ((b >> 1) & 1) + ((b >> 2) & 1) + ((b >> 3) & 1) + ((b >> 4) & 1) + ((b >> 5) & 1) + ((b >> 6) & 1) + (b >> 7));

/**
 * Validity bitmap (bit set = valid) of a null byte mask (1 = null), with the null count; null when no row is null.
 * @example bitmapFromNulls(Uint8Array.of(0, 1, 0), 3) // { bitmap: Uint8Array [0b101], nullCount: 1 }
 */
export function bitmapFromNulls(nulls: Uint8Array | null, n: number): { bitmap: Uint8Array; nullCount: number } | null {
  if (nulls === null) return null;
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  const full = n >> 3;
  for (let j = 0, i = 0; j < full; j++, i += 8) {
    const b = (nulls[i]! & 1) | ((nulls[i + 1]! & 1) << 1) | ((nulls[i + 2]! & 1) << 2) | ((nulls[i + 3]! & 1) << 3)
      | ((nulls[i + 4]! & 1) << 4) | ((nulls[i + 5]! & 1) << 5) | ((nulls[i + 6]! & 1) << 6) | ((nulls[i + 7]! & 1) << 7);
    bitmap[j] = ~b & 0xff;
    nullCount += POPCOUNT[b]!;
  }
  for (let i = full << 3; i < n; i++) {
    if ((nulls[i]! & 1) === 1) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return nullCount === 0 ? null : { bitmap, nullCount };
}

/**
 * Null byte mask (1 = null) of a validity bitmap read from bit `offset`; null when no row is null or there is no bitmap.
 * @example nullsFromBitmap(Uint8Array.of(0b101), 0, 3, 1) // Uint8Array [0, 1, 0]
 */
export function nullsFromBitmap(bitmap: Uint8Array | null | undefined, offset: number, n: number, nullCount: number): Uint8Array | null {
  if (bitmap === undefined || bitmap === null || bitmap.length === 0 || nullCount === 0) return null;
  const nulls = new Uint8Array(n);
  let i = 0;
  if ((offset & 7) === 0) {
    const start = offset >> 3;
    for (const full = n >> 3; i >> 3 < full; i += 8) {
      const b = bitmap[start + (i >> 3)]!;
      if (b === 0xff) continue;
      const inv = ~b;
      nulls[i] = inv & 1; nulls[i + 1] = (inv >> 1) & 1; nulls[i + 2] = (inv >> 2) & 1; nulls[i + 3] = (inv >> 3) & 1;
      nulls[i + 4] = (inv >> 4) & 1; nulls[i + 5] = (inv >> 5) & 1; nulls[i + 6] = (inv >> 6) & 1; nulls[i + 7] = (inv >> 7) & 1;
    }
  }
  for (; i < n; i++) {
    const bit = offset + i;
    nulls[i] = 1 - ((bitmap[bit >> 3]! >> (bit & 7)) & 1);
  }
  return nulls;
}

/**
 * Bytes 0/1 packed into an Arrow Bool bitmap (LSB first).
 * @example packBits(Uint8Array.of(1, 0, 1, 1), 4) // Uint8Array [0b1101]
 */
export function packBits(values: Uint8Array, n: number): Uint8Array {
  const bits = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (values[i] !== 0) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

/**
 * An Arrow Bool bitmap read from bit `offset` into bytes 0/1.
 * @example unpackBits(Uint8Array.of(0b1101), 1, 3) // Uint8Array [0, 1, 1]
 */
export function unpackBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const bit = offset + i;
    out[i] = (bits[bit >> 3]! >> (bit & 7)) & 1;
  }
  return out;
}

/**
 * Doubles holding integers → int64, written as two 32-bit words per value (no BigInt per value; fractions truncated).
 * @example toBigInt64(Float64Array.of(-1, 2 ** 40), 2) // BigInt64Array [-1n, 1099511627776n]
 */
export function toBigInt64(src: Float64Array, n: number): BigInt64Array {
  const out = new BigInt64Array(n);
  const words = new Int32Array(out.buffer);
  for (let i = 0, w = 0; i < n; i++, w += 2) {
    const x = Math.trunc(src[i]!);
    words[w] = x; // ToInt32 keeps the low 32 bits of the integer
    words[w + 1] = Math.floor(x / TWO_POW_32);
  }
  return out;
}

/**
 * int64 / uint64 → doubles (exact up to 2^53, correctly rounded beyond), read word by word.
 * @example fromBigInt64(BigInt64Array.of(-1n, 5n), 2) // Float64Array [-1, 5]
 */
export function fromBigInt64(src: BigInt64Array | BigUint64Array, n: number): Float64Array {
  const words = new Int32Array(src.buffer, src.byteOffset, n * 2);
  const out = new Float64Array(n);
  if (src instanceof BigUint64Array) {
    for (let i = 0, w = 0; i < n; i++, w += 2) out[i] = (words[w + 1]! >>> 0) * TWO_POW_32 + (words[w]! >>> 0);
  } else {
    for (let i = 0, w = 0; i < n; i++, w += 2) out[i] = words[w + 1]! * TWO_POW_32 + (words[w]! >>> 0);
  }
  return out;
}

/**
 * Doubles → Decimal128 unscaled two's-complement values (HALF_UP at `scale`), 4 little-endian Uint32 words per value.
 * @example decimalWords(Float64Array.of(-0.01), 1, 2) // Uint32Array [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]
 */
export function decimalWords(src: Float64Array, n: number, scale: number): Uint32Array {
  const out = new Uint32Array(n * 4);
  const factor = 10 ** scale;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    const u = Math.round(Math.abs(x) * factor);
    const w = i * 4;
    if (u === 0 || !Number.isFinite(u)) continue;
    if (u >= 2 ** 53) { writeBigDecimal(out, w, x < 0 ? -BigInt(u) : BigInt(u)); continue; }
    const lo = u % TWO_POW_32;
    const hi = (u - lo) / TWO_POW_32;
    if (x > 0) { out[w] = lo; out[w + 1] = hi; continue; }
    // two's complement of (lo, hi, 0, 0)
    out[w] = lo === 0 ? 0 : TWO_POW_32 - lo;
    out[w + 1] = lo === 0 ? TWO_POW_32 - hi : ~hi;
    out[w + 2] = 0xffffffff;
    out[w + 3] = 0xffffffff;
  }
  return out;
}

function writeBigDecimal(out: Uint32Array, w: number, value: bigint): void {
  let m = BigInt.asUintN(128, value);
  for (let k = 0; k < 4; k++, m >>= 32n) out[w + k] = Number(m & 0xffffffffn);
}

/**
 * Decimal unscaled words (`stride` little-endian Uint32 words per value) → doubles divided by 10^scale.
 * @example fromDecimalWords(Uint32Array.of(1234567, 0, 0, 0), 1, 4, 2) // Float64Array [12345.67]
 */
export function fromDecimalWords(words: Uint32Array, n: number, stride: number, scale: number): Float64Array {
  const out = new Float64Array(n);
  const divisor = 10 ** scale;
  for (let i = 0; i < n; i++) {
    const w = i * stride;
    const w1 = words[w + 1]!;
    let u: number;
    if (stride === 4 && words[w + 2] === 0 && words[w + 3] === 0 && w1 < 0x200000) u = w1 * TWO_POW_32 + words[w]!;
    else if (stride === 4 && words[w + 2] === 0xffffffff && words[w + 3] === 0xffffffff && w1 >= 0xffe00000) u = (w1 - TWO_POW_32) * TWO_POW_32 + words[w]!;
    else {
      let big = 0n;
      for (let k = stride - 1; k >= 0; k--) big = (big << 32n) | BigInt(words[w + k]!);
      u = Number(BigInt.asIntN(32 * stride, big));
    }
    out[i] = scale === 0 ? u : scale <= 22 ? u / divisor : Number(`${u}e-${scale}`);
  }
  return out;
}

/**
 * UTF-8 bytes and offsets of a string column: one encode of the joined column, offsets from the JS lengths when
 * it is ASCII, from per-string UTF-8 lengths otherwise (null/undefined slots are empty).
 * @example encodeUtf8(['ab', '北'], 2) // { offsets: Int32Array [0, 2, 5], bytes: Uint8Array(5) }
 */
export function encodeUtf8(values: readonly (string | null | undefined)[], n: number): { offsets: Int32Array; bytes: Uint8Array } {
  const offsets = new Int32Array(n + 1);
  const joined = (values.length === n ? values : values.slice(0, n)).join('');
  const bytes = encoder.encode(joined);
  let pos = 0;
  if (bytes.length === joined.length) {
    for (let i = 0; i < n; i++) { const s = values[i]; if (s) pos += s.length; offsets[i + 1] = pos; }
    return { offsets, bytes };
  }
  for (let i = 0; i < n; i++) { const s = values[i]; if (s) pos += utf8Length(s); offsets[i + 1] = pos; }
  if (pos === bytes.length) return { offsets, bytes };
  // Lone surrogates at row edges paired up in the joined text: encode row by row instead.
  const buffer = new Uint8Array(joined.length * 3);
  pos = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s) pos += encoder.encodeInto(s, buffer.subarray(pos)).written;
    offsets[i + 1] = pos;
  }
  return { offsets, bytes: buffer.subarray(0, pos) };
}

/** Bytes TextEncoder writes for a string (lone surrogates become U+FFFD, 3 bytes). */
function utf8Length(s: string): number {
  let len = s.length;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) continue;
    if (c < 0x800) len += 1;
    else if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(k + 1) & 0xfc00) === 0xdc00) { len += 2; k++; }
    else len += 2;
  }
  return len;
}

/**
 * Strings of a Utf8 column (`offsets` has n + 1 entries): one decode + slices when the bytes are ASCII, else one
 * decode per row with a shared TextDecoder.
 * @example decodeUtf8(new TextEncoder().encode('abc'), [0, 1, 3], 2) // ['a', 'bc']
 */
export function decodeUtf8(bytes: Uint8Array, offsets: ArrayLike<number>, n: number): string[] {
  const out = new Array<string>(n);
  const start = offsets[0]!;
  const end = offsets[n]!;
  const text = decoder.decode(bytes.subarray(start, end));
  if (text.length === end - start) {
    for (let i = 0; i < n; i++) out[i] = text.slice(offsets[i]! - start, offsets[i + 1]! - start);
  } else {
    for (let i = 0; i < n; i++) {
      const a = offsets[i]!;
      const b = offsets[i + 1]!;
      out[i] = a === b ? '' : decoder.decode(bytes.subarray(a, b));
    }
  }
  return out;
}

/**
 * Offsets and one value buffer for a BINARY column (null slots are empty).
 * @example concatBinary([Uint8Array.of(1), null, Uint8Array.of(2, 3)], 3) // { offsets: Int32Array [0, 1, 1, 3], bytes: Uint8Array [1, 2, 3] }
 */
export function concatBinary(values: readonly (Uint8Array | null)[], n: number): { offsets: Int32Array; bytes: Uint8Array } {
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + (values[i]?.length ?? 0);
  const bytes = new Uint8Array(offsets[n]!);
  for (let i = 0; i < n; i++) { const b = values[i]; if (b) bytes.set(b, offsets[i]!); }
  return { offsets, bytes };
}
