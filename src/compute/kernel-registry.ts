// Kernels: the vectorised implementation of each catalog function, chosen once per plan from the resolved call.
import type { BoundCall } from '../planner/expr/bound-expression.js';
import type { ColumnVector } from './column-vector.js';

/** What a kernel may need besides its arguments. */
export interface KernelContext {
  /** Session time zone (IANA name), `spark.sql.session.timeZone`; default 'UTC'. */
  readonly timeZone: string;
  /** Start of the current micro-batch, epoch ms (current_timestamp() is constant within a batch, like Spark). */
  batchTimestampMs(): number;
}

/** Computes a function over whole columns: every argument vector has `numRows` rows. */
export type Kernel = (args: readonly ColumnVector[], numRows: number) => ColumnVector;

/** Builds a kernel for one resolved call (argument types, literal arguments and `options` are known here). */
export type KernelFactory = (call: BoundCall, ctx: KernelContext) => Kernel;

const kernels = new Map<string, KernelFactory>();

/** Registers kernels by canonical function name (called at module load by compute/kernels/*). */
export function registerKernels(entries: Readonly<Record<string, KernelFactory>>): void {
  for (const [name, factory] of Object.entries(entries)) kernels.set(name.toLowerCase(), factory);
}

export function lookupKernel(name: string): KernelFactory | undefined {
  return kernels.get(name.toLowerCase());
}
