// window_time(window): the event time of a window row (its end − 1 µs), like Spark.
import { TimestampType } from '../../../common/data-types.js';
import { userError } from '../../../common/errors.js';
import type { FunctionSignature } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';

const windowTime: FunctionSignature = {
  name: 'window_time',
  kind: 'scalar',
  minArgs: 1,
  maxArgs: 1,
  resolve(args, ctx) {
    const t = args[0]!.dataType;
    if (t.kind !== 'struct' || t.fields.length !== 2 || t.fields[1]!.name !== 'end' || t.fields[1]!.dataType.kind !== 'timestamp') {
      throw userError('DATATYPE_MISMATCH', 'window_time() takes a window column (the struct<start, end> made by window() or session_window())', { span: ctx.span });
    }
    return { args, dataType: TimestampType, nullable: args[0]!.nullable };
  },
};

registerFunctions([windowTime]);
