// Spark's Dataset.show text: bordered table, truncated cells, right/left alignment, 'only showing top N rows' footer.
import type { DataType } from '../../common/data-types.js';
import { javaDoubleString, javaFloatString, showTimestamp } from '../value-text.js';

/** How formatTable shows rows (the arguments of Spark's show(numRows, truncate)). */
export interface FormatTableOptions {
  /** Rows shown at most. */
  readonly numRows: number;
  /** true = cut cells at 20 characters, false = never, a number = cut at that many characters. */
  readonly truncate: boolean | number;
  /** The number of rows in the whole result when `rows` holds only the first ones (decides the footer). */
  readonly totalRows?: number;
  /** Column types, when known: doubles print as Java does ('1.0'), decimals with their scale. */
  readonly types?: readonly DataType[];
  /** Zone for timestamps (default 'UTC'). */
  readonly timeZone?: string;
}

const MINIMUM_COLUMN_WIDTH = 3;

/**
 * Formats rows (JS values as collect() returns them) like Spark's `show()`:
 * ```
 * +----+---+
 * |name|  n|
 * +----+---+
 * |   a|  1|
 * +----+---+
 * ```
 * Cells are right-aligned when truncating and left-aligned with truncate false, as Spark does; strings longer than
 * the limit keep limit-3 characters and '...'; null shows as `null`.
 * @example formatTable([{ name: 'a', n: 1 }], ['name', 'n'], { numRows: 20, truncate: true })
 */
export function formatTable(rows: Record<string, unknown>[], columns: string[], options: FormatTableOptions): string {
  const limit = options.truncate === true ? 20 : options.truncate === false ? 0 : Math.max(0, Math.floor(options.truncate));
  const numRows = Math.max(0, Math.floor(options.numRows));
  const shown = rows.slice(0, numRows);
  const timeZone = options.timeZone ?? 'UTC';
  const cells: string[][] = [columns.map((c) => truncateCell(escapeMetaCharacters(c), limit))];
  for (const row of shown) {
    cells.push(columns.map((c, k) => truncateCell(escapeMetaCharacters(cellText(row[c], options.types?.[k], timeZone)), limit)));
  }
  const widths = columns.map((_, k) => Math.max(MINIMUM_COLUMN_WIDTH, ...cells.map((r) => displayWidth(r[k]!))));
  const separator = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  const line = (r: string[]) => `|${r.map((cell, k) => pad(cell, widths[k]!, limit > 0)).join('|')}|\n`;
  let out = separator + line(cells[0]!) + separator;
  for (const r of cells.slice(1)) out += line(r);
  out += separator;
  if ((options.totalRows ?? rows.length) > numRows) out += `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n`;
  return out;
}

function pad(cell: string, width: number, alignRight: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cell)));
  return alignRight ? fill + cell : cell + fill;
}

function truncateCell(text: string, limit: number): string {
  if (limit <= 0 || text.length <= limit) return text;
  return limit < 4 ? text.slice(0, limit) : `${text.slice(0, limit - 3)}...`;
}

const META_CHARACTERS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f', '\b': '\\b', '\u000b': '\\v', '\u0007': '\\a' };

/** Control characters written as escapes so each row stays on one line (Spark does the same). */
function escapeMetaCharacters(text: string): string {
  let out = '';
  let last = 0;
  for (let k = 0; k < text.length; k++) {
    const escaped = META_CHARACTERS[text[k]!];
    if (escaped === undefined) continue;
    out += text.slice(last, k) + escaped;
    last = k + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Width on a terminal: East Asian wide and full-width characters take two columns (Spark's stringHalfWidth). */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    width += isWide(c) ? 2 : 1;
  }
  return width;
}

function isWide(c: number): boolean {
  return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
    || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe10 && c <= 0xfe19) || (c >= 0xfe30 && c <= 0xfe6f)
    || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
}

/** A value's text in a cell (nested values as Spark casts them to string: `[1, 2]`, `{a, b}`, `{k -> v}`). */
export function cellText(value: unknown, type: DataType | undefined, timeZone: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, type);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return showTimestamp(value.getTime() * 1000, timeZone);
  if (value instanceof Uint8Array) return `[${[...value].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')}]`;
  if (Array.isArray(value)) {
    const element = type?.kind === 'array' ? type.elementType : undefined;
    return `[${value.map((e) => cellText(e, element, timeZone)).join(', ')}]`;
  }
  if (value instanceof Map) {
    const keyType = type?.kind === 'map' ? type.keyType : undefined;
    const valueType = type?.kind === 'map' ? type.valueType : undefined;
    return `{${[...value.entries()].map(([k, v]) => `${cellText(k, keyType, timeZone)} -> ${cellText(v, valueType, timeZone)}`).join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const fieldTypes = type?.kind === 'struct' ? type.fields : undefined;
    return `{${entries.map(([name, v], k) => cellText(v, fieldTypes?.[k]?.name === name ? fieldTypes[k]!.dataType : undefined, timeZone)).join(', ')}}`;
  }
  return String(value);
}

function numberText(value: number, type: DataType | undefined): string {
  switch (type?.kind) {
    case 'double': return javaDoubleString(value);
    case 'float': return javaFloatString(value);
    case 'decimal': return value.toFixed(type.scale);
    default: return String(value);
  }
}
