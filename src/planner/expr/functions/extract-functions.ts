// Signatures of element access produced by the analyzer for `arr[i]` / `m[key]` (rendered as Spark writes them).
import type { FunctionSignature } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';

const elementAccess = (name: string): FunctionSignature => ({
  name,
  kind: 'scalar',
  minArgs: 2,
  maxArgs: 2,
  resolve(args) {
    const container = args[0]!.dataType;
    const dataType = container.kind === 'array' ? container.elementType : container.kind === 'map' ? container.valueType : container;
    return { args, dataType, nullable: true };
  },
  render: (args) => `${args[0]}[${args[1]}]`,
});

registerFunctions([elementAccess('get_array_item'), elementAccess('get_map_value')]);
