// The function catalog: one signature per function (names, arity, argument coercion, result type, SQL rendering).
import type { DataType } from '../../common/data-types.js';
import type { SourceSpan } from '../../common/errors.js';
import { userError } from '../../common/errors.js';
import type { BoundExpr } from './bound-expression.js';

/** What a signature's resolve() may consult. */
export interface ResolveContext {
  readonly timeZone: string;
  readonly span?: SourceSpan;
  /** Name used in error messages, e.g. `from_json`. */
  readonly functionName: string;
}

/** A resolved call: the arguments after implicit casts, the result type, and plan-time options for the kernel. */
export interface ResolvedCall {
  readonly args: readonly BoundExpr[];
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface FunctionSignature {
  /** Canonical snake_case name, as in Spark SQL. */
  readonly name: string;
  /** Other names that resolve to this function (`ucase` for `upper`, `substr` for `substring`). */
  readonly aliases?: readonly string[];
  readonly kind: 'scalar' | 'aggregate';
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  /** Checks argument types, inserts casts, computes the result type; throws a user error naming the function. */
  resolve(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall;
  /** SQL text of a call for EXPLAIN and auto-generated column names; default `name(a, b)`. */
  render?(args: readonly string[], options?: Readonly<Record<string, unknown>>): string;
  /** False for current_timestamp, rand: never constant-folded. */
  readonly deterministic?: boolean;
}

const catalog = new Map<string, FunctionSignature>();

/** Adds signatures to the catalog (called at module load by planner/expr/functions/*). */
export function registerFunctions(signatures: readonly FunctionSignature[]): void {
  for (const sig of signatures) {
    catalog.set(sig.name.toLowerCase(), sig);
    for (const a of sig.aliases ?? []) catalog.set(a.toLowerCase(), sig);
  }
}

export function lookupFunction(name: string): FunctionSignature | undefined {
  return catalog.get(name.toLowerCase());
}

export function allFunctionNames(): string[] {
  return [...new Set([...catalog.values()].map((s) => s.name))].sort();
}

/** The error for a function name that is not in the catalog, with the nearest known names. */
export function unknownFunctionError(name: string, span?: SourceSpan) {
  const lower = name.toLowerCase();
  const near = [...catalog.keys()].filter((k) => editDistance(k, lower) <= 2).slice(0, 3);
  return userError('UNKNOWN_FUNCTION', `Unknown function '${name}'`, {
    span,
    hint: near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : undefined,
  });
}

export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
