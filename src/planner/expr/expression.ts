// Unresolved expressions: what the DataFrame API and the SQL front end build before analysis. Readonly data + factories.
import type { DataType } from '../../common/data-types.js';
import type { SourceSpan } from '../../common/errors.js';

export type Expr =
  | ColumnExpr
  | StarExpr
  | LiteralExpr
  | AliasExpr
  | CallExpr
  | CastExpr
  | CaseWhenExpr
  | ExtractExpr
  | SortOrderExpr;

/** A column named by its parts: `price`, `data.price`, `t.data.price`. */
export interface ColumnExpr { readonly kind: 'column'; readonly nameParts: readonly string[]; readonly span?: SourceSpan }
/** `*` (no qualifier) or `data.*` / `t.*`. */
export interface StarExpr { readonly kind: 'star'; readonly qualifier: readonly string[]; readonly span?: SourceSpan }
/** A constant; its type is inferred from the JS value unless given. */
export interface LiteralExpr { readonly kind: 'literal'; readonly value: unknown; readonly dataType?: DataType; readonly span?: SourceSpan }
export interface AliasExpr { readonly kind: 'alias'; readonly child: Expr; readonly name: string }
/** A function or operator by its snake_case catalog name (`multiply`, `upper`, `from_json`, `count`). */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly distinct?: boolean;
  readonly span?: SourceSpan;
}
export interface CastExpr { readonly kind: 'cast'; readonly child: Expr; readonly to: DataType; readonly span?: SourceSpan }
export interface CaseWhenExpr {
  readonly kind: 'caseWhen';
  readonly branches: readonly { readonly condition: Expr; readonly value: Expr }[];
  readonly otherwise?: Expr;
}
/** `child[key]` or `child.key`: a struct field, an array element or a map value, decided by the child's type. */
export interface ExtractExpr { readonly kind: 'extract'; readonly child: Expr; readonly key: Expr; readonly span?: SourceSpan }
export interface SortOrderExpr { readonly kind: 'sortOrder'; readonly child: Expr; readonly ascending: boolean; readonly nullsFirst: boolean }

export function columnRef(name: string, span?: SourceSpan): ColumnExpr {
  return { kind: 'column', nameParts: splitColumnName(name), span };
}

export function star(qualifier: readonly string[] = [], span?: SourceSpan): StarExpr {
  return { kind: 'star', qualifier, span };
}

export function literal(value: unknown, dataType?: DataType, span?: SourceSpan): LiteralExpr {
  return { kind: 'literal', value, dataType, span };
}

export function alias(child: Expr, name: string): AliasExpr {
  return { kind: 'alias', child, name };
}

export function call(name: string, args: readonly Expr[], extra: { distinct?: boolean; span?: SourceSpan } = {}): CallExpr {
  return { kind: 'call', name, args, ...extra };
}

export function cast(child: Expr, to: DataType, span?: SourceSpan): CastExpr {
  return { kind: 'cast', child, to, span };
}

export function caseWhen(branches: readonly { condition: Expr; value: Expr }[], otherwise?: Expr): CaseWhenExpr {
  return { kind: 'caseWhen', branches, otherwise };
}

export function extract(child: Expr, key: Expr, span?: SourceSpan): ExtractExpr {
  return { kind: 'extract', child, key, span };
}

export function sortOrder(child: Expr, ascending: boolean, nullsFirst?: boolean): SortOrderExpr {
  return { kind: 'sortOrder', child, ascending, nullsFirst: nullsFirst ?? ascending };
}

/**
 * Splits `a.b.c` into parts; backquotes protect dots: `` `a.b`.c `` → ['a.b', 'c'].
 * A name of only `*` or ending in `.*` is not a column: use parseColumnOrStar.
 */
export function splitColumnName(name: string): string[] {
  if (!name.includes('`')) return name.split('.');
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '`') {
      if (quoted && name[i + 1] === '`') { current += '`'; i++; continue; }
      quoted = !quoted;
    } else if (c === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** A column name as a user passes it to select('…'): `*` and `data.*` become stars. */
export function parseColumnOrStar(name: string): ColumnExpr | StarExpr {
  if (name === '*') return star();
  if (name.endsWith('.*')) return star(splitColumnName(name.slice(0, -2)));
  return columnRef(name);
}
