// Conversions between the JS values users pass (and collect() returns) and brook's internal representation of each type.
import type { DataType } from './data-types.js';
import { assertNever, internalError } from './errors.js';

const MS_PER_DAY = 86_400_000;

/** A row object's field, matched exactly first and then case-insensitively, like Spark. */
export function fieldOf(row: Record<string, unknown>, name: string): unknown {
  if (name in row) return row[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(row)) if (k.toLowerCase() === lower) return row[k];
  return null;
}

/** One JS value (as users pass it) in brook's internal representation for a type. */
export function toInternal(type: DataType, v: unknown): unknown {
  switch (type.kind) {
    case 'boolean': return v ? 1 : 0;
    case 'int': case 'long': case 'float': case 'double': return typeof v === 'bigint' ? Number(v) : Number(v);
    case 'decimal': return roundToScale(Number(v), type.scale);
    case 'string': return typeof v === 'string' ? v : String(v);
    case 'binary': return v instanceof Uint8Array ? v : new TextEncoder().encode(String(v));
    case 'date': return toEpochDays(v);
    case 'timestamp': return toEpochMicros(v);
    case 'array': return (v as unknown[]).map((e) => (e === null || e === undefined ? null : toInternal(type.elementType, e)));
    case 'map': {
      const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as Record<string, unknown>);
      return new Map(entries.map(([k, e]) => [toInternal(type.keyType, k), e === null || e === undefined ? null : toInternal(type.valueType, e)]));
    }
    case 'struct': {
      const row = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of type.fields) {
        const e = fieldOf(row, f.name);
        out[f.name] = e === null || e === undefined ? null : toInternal(f.dataType, e);
      }
      return out;
    }
    case 'null': return null;
    default: return assertNever(type, 'data type');
  }
}

/** Rounds half-up (away from zero) on the decimal digits, so 1.005 → 1.01 as Spark's decimals do. */
export function roundToScale(x: number, scale: number): number {
  const r = shiftDecimal(Math.round(shiftDecimal(Math.abs(x), scale)), -scale);
  return x < 0 ? -r : r;
}

/** x × 10^k computed on the shortest decimal text of x, so no binary rounding error creeps in. */
function shiftDecimal(x: number, k: number): number {
  const [mantissa, exponent] = x.toExponential().split('e');
  return Number(`${mantissa}e${Number(exponent) + k}`);
}

export function toEpochDays(v: unknown): number {
  if (v instanceof Date) return Math.floor(v.getTime() / MS_PER_DAY);
  if (typeof v === 'number') return Math.floor(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v));
  if (!m) throw internalError(`not a date: ${String(v)}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

export function formatEpochDays(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Date → µs; number → treated as epoch milliseconds; string → ISO-8601 parsed as UTC unless it has an offset. */
export function toEpochMicros(v: unknown): number {
  if (v instanceof Date) return v.getTime() * 1000;
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'bigint') return Number(v) * 1000;
  const text = String(v);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const ms = Date.parse(hasZone ? text : text.replace(' ', 'T') + 'Z');
  if (Number.isNaN(ms)) throw internalError(`not a timestamp: ${text}`);
  return ms * 1000;
}
