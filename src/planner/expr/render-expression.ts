// SQL text of resolved expressions, used by EXPLAIN and for Spark-style automatic column names.
import { assertNever } from '../../common/errors.js';
import { ddlTypeString } from '../../common/data-types.js';
import type { BoundExpr } from './bound-expression.js';
import { lookupFunction } from './function-catalog.js';

/**
 * Renders an expression the way Spark names columns: `(price * quantity)`, `upper(name)`, `CAST(x AS INT)`.
 * @example renderExpression(boundMultiply) // '(price * quantity)'
 */
export function renderExpression(e: BoundExpr): string {
  switch (e.kind) {
    case 'ref': return e.name;
    case 'literal': return renderLiteral(e.value, e.dataType);
    case 'call': {
      const args = e.args.map(renderExpression);
      const sig = lookupFunction(e.name);
      if (sig?.render) return sig.render(args, e.options);
      return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
    }
    case 'cast': return `CAST(${renderExpression(e.child)} AS ${ddlTypeString(e.dataType)})`;
    case 'caseWhen': {
      const parts = e.branches.map((b) => `WHEN ${renderExpression(b.condition)} THEN ${renderExpression(b.value)}`);
      const otherwise = e.otherwise.kind === 'literal' && e.otherwise.value === null ? '' : ` ELSE ${renderExpression(e.otherwise)}`;
      return `CASE ${parts.join(' ')}${otherwise} END`;
    }
    case 'getField': return `${renderExpression(e.child)}.${e.name}`;
    default: return assertNever(e, 'expression');
  }
}

function renderLiteral(value: unknown, type: BoundExpr['dataType']): string {
  if (value === null || value === undefined) return 'NULL';
  switch (type.kind) {
    case 'timestamp': return `TIMESTAMP '${new Date(Math.floor((value as number) / 1000)).toISOString()}'`;
    case 'date': return `DATE '${new Date((value as number) * 86_400_000).toISOString().slice(0, 10)}'`;
    case 'boolean': return value === 1 || value === true ? 'true' : 'false';
    case 'long': return `${String(value)}L`;
    case 'map': return `map(${[...(value as Map<unknown, unknown>).entries()].map(([k, v]) => `${String(k)}, ${String(v)}`).join(', ')})`;
    case 'array': return `array(${(value as unknown[]).map((v) => String(v)).join(', ')})`;
    case 'struct': return JSON.stringify(value);
    default: return String(value);
  }
}
