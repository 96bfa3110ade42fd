// Resolved expressions: every node typed, every column bound to an input ordinal. Produced by the analyzer, compiled by compute/.
import type { DataType } from '../../common/data-types.js';

export type BoundExpr = BoundRef | BoundLiteral | BoundCall | BoundCast | BoundCaseWhen | BoundGetField;

/** Input column `index` of the operator's input batch. */
export interface BoundRef {
  readonly kind: 'ref';
  readonly index: number;
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/** A constant in brook's value mapping (see compute/column-vector.ts): LONG as number, TIMESTAMP as µs number, DATE as days. */
export interface BoundLiteral {
  readonly kind: 'literal';
  readonly value: unknown;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/** A catalog function with typed arguments. `options` carries what was fixed at plan time (a parsed schema, a pattern). */
export interface BoundCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly BoundExpr[];
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly distinct?: boolean;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface BoundCast {
  readonly kind: 'cast';
  readonly child: BoundExpr;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

export interface BoundCaseWhen {
  readonly kind: 'caseWhen';
  readonly branches: readonly { readonly condition: BoundExpr; readonly value: BoundExpr }[];
  readonly otherwise: BoundExpr;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

export interface BoundGetField {
  readonly kind: 'getField';
  readonly child: BoundExpr;
  readonly fieldIndex: number;
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/** An output column of a projection: the expression and the name it gets. */
export interface NamedExpr {
  readonly name: string;
  readonly expr: BoundExpr;
}

export function boundLiteral(value: unknown, dataType: DataType): BoundLiteral {
  return { kind: 'literal', value, dataType, nullable: value === null || value === undefined };
}

export function boundCast(child: BoundExpr, dataType: DataType): BoundCast {
  return { kind: 'cast', child, dataType, nullable: true };
}
