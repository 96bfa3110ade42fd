// The one builder of logical plans: both the DataFrame API and the SQL front end call these, so both get the same plan.
import { StructField, StructType, simpleString } from '../../common/data-types.js';
import { userError } from '../../common/errors.js';
import type { BoundExpr, NamedExpr } from '../expr/bound-expression.js';
import type { Expr } from '../expr/expression.js';
import { coerceTo, widerType } from '../expr/type-coercion.js';
import { requireBoolean, resolveExpression, resolveNamed, unresolvedColumn } from '../analyzer/resolve-expression.js';
import type { Attribute, Filter, LogicalPlan, Project, Relation, SourceDescriptor, SubqueryAlias, Union } from './plan.js';

/** Settings the builder needs. */
export interface PlanContext {
  readonly timeZone: string;
}

export function relation(source: SourceDescriptor, isStreaming: boolean): Relation {
  const output = source.schema.fields.map((f): Attribute => ({ name: f.name, dataType: f.dataType, nullable: f.nullable }));
  return { kind: 'relation', source, isStreaming, output };
}

/** select(...exprs) */
export function project(child: LogicalPlan, exprs: readonly Expr[], ctx: PlanContext): Project {
  const projections = resolveNamed(exprs, { input: child.output, timeZone: ctx.timeZone });
  return projectNamed(child, projections);
}

/** A projection from already-resolved expressions; attributes keep event-time marks of passed-through columns. */
export function projectNamed(child: LogicalPlan, projections: readonly NamedExpr[]): Project {
  const output = projections.map((p): Attribute => {
    const passthrough = p.expr.kind === 'ref' ? child.output[p.expr.index] : undefined;
    return {
      name: p.name,
      dataType: p.expr.dataType,
      nullable: p.expr.nullable,
      qualifier: passthrough && passthrough.name === p.name ? passthrough.qualifier : undefined,
      watermarkDelayMs: passthrough?.watermarkDelayMs,
    };
  });
  return { kind: 'project', child, projections, output };
}

/** filter(condition) / where(condition) */
export function filter(child: LogicalPlan, condition: Expr, ctx: PlanContext): Filter {
  const bound = requireBoolean(resolveExpression(condition, { input: child.output, timeZone: ctx.timeZone }), 'Filter condition');
  return { kind: 'filter', child, condition: bound, output: child.output };
}

/** withColumn(name, expr): replaces a column of that name (case-insensitive) or appends one. */
export function withColumns(child: LogicalPlan, columns: readonly { name: string; expr: Expr }[], ctx: PlanContext): Project {
  const scope = { input: child.output, timeZone: ctx.timeZone };
  const projections: NamedExpr[] = passThrough(child);
  for (const { name, expr } of columns) {
    const bound = resolveExpression(expr, scope);
    const at = projections.findIndex((p) => p.name.toLowerCase() === name.toLowerCase());
    if (at >= 0) projections[at] = { name, expr: bound };
    else projections.push({ name, expr: bound });
  }
  return projectNamed(child, projections);
}

/** withColumnRenamed(existing, newName): a no-op when the column does not exist, like Spark. */
export function withColumnRenamed(child: LogicalPlan, existing: string, newName: string): LogicalPlan {
  const lower = existing.toLowerCase();
  if (!child.output.some((a) => a.name.toLowerCase() === lower)) return child;
  return projectNamed(child, passThrough(child).map((p) => (p.name.toLowerCase() === lower ? { name: newName, expr: p.expr } : p)));
}

/** drop(...names): unknown names are ignored, like Spark. */
export function drop(child: LogicalPlan, names: readonly string[]): LogicalPlan {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  const kept = passThrough(child).filter((p) => !lower.has(p.name.toLowerCase()));
  if (kept.length === child.output.length) return child;
  return projectNamed(child, kept);
}

/** union / unionAll: by position, like Spark; types widen, names come from the first input. */
export function union(left: LogicalPlan, right: LogicalPlan): Union {
  if (left.output.length !== right.output.length) {
    throw userError('NUM_COLUMNS_MISMATCH', `Union can only be performed on inputs with the same number of columns, but the first input has ${left.output.length} columns and the second input has ${right.output.length} columns`);
  }
  const types = left.output.map((a, i) => {
    const b = right.output[i]!;
    const w = widerType(a.dataType, b.dataType);
    if (w === undefined) {
      throw userError('INCOMPATIBLE_COLUMN_TYPE', `Union can only be performed on inputs with compatible column types: column ${i + 1} ('${a.name}') is ${simpleString(a.dataType)} in the first input and ${simpleString(b.dataType)} in the second`);
    }
    return w;
  });
  const align = (plan: LogicalPlan): LogicalPlan => {
    if (plan.output.every((a, i) => simpleString(a.dataType) === simpleString(types[i]!))) return plan;
    return projectNamed(plan, passThrough(plan).map((p, i) => ({ name: p.name, expr: coerceTo(p.expr, types[i]!) })));
  };
  const children = [align(left), align(right)];
  const output = left.output.map((a, i): Attribute => ({ name: a.name, dataType: types[i]!, nullable: a.nullable || right.output[i]!.nullable }));
  return { kind: 'union', children, output };
}

/** A named subtree (temp view, FROM x AS y): its columns can be qualified by the alias. */
export function subqueryAlias(child: LogicalPlan, alias: string): SubqueryAlias {
  return { kind: 'subqueryAlias', child, alias, output: child.output.map((a) => ({ ...a, qualifier: alias })) };
}

/** References to every column of a plan, in order. */
export function passThrough(plan: LogicalPlan): NamedExpr[] {
  return plan.output.map((a, index) => ({ name: a.name, expr: refTo(a, index) }));
}

export function refTo(a: Attribute, index: number): BoundExpr {
  return { kind: 'ref', index, name: a.name, dataType: a.dataType, nullable: a.nullable };
}

/** The output of a plan as a StructType (what df.schema returns). */
export function schemaOf(plan: LogicalPlan): StructType {
  return new StructType(plan.output.map((a) => new StructField(a.name, a.dataType, a.nullable)));
}

/** Index of a column by name for APIs that take names (withWatermark, dropDuplicates); throws the unresolved-column error. */
export function columnIndex(plan: LogicalPlan, name: string): number {
  const exact = plan.output.findIndex((a) => a.name === name);
  if (exact >= 0) return exact;
  const i = plan.output.findIndex((a) => a.name.toLowerCase() === name.toLowerCase());
  if (i < 0) throw unresolvedColumn(name, plan.output);
  return i;
}
