// MemoryStream for tests and examples: rows added from code become micro-batches of a streaming DataFrame.
import type { StructType } from '../common/data-types.js';
import { relation } from '../planner/logical/builder.js';
import { MemoryStream as MemoryStreamData } from '../sources/memory/memory-stream.js';
import { DataFrame } from './data-frame.js';
import type { Session } from './session.js';

/**
 * An in-memory stream, like Spark's MemoryStream.
 * @example
 * const input = MemoryStream.create(session, 'value STRING');
 * const query = await input.toDF().writeStream.format('memory').queryName('out').start();
 * input.addData([{ value: '{"price": 1}' }]);
 * await query.processAllAvailable();
 */
export class MemoryStream {
  private constructor(private readonly session: Session, private readonly stream: MemoryStreamData) {}

  static create(session: Session, schema: StructType | string): MemoryStream {
    return new MemoryStream(session, MemoryStreamData.create(schema));
  }

  get schema(): StructType {
    return this.stream.schema;
  }

  /** Appends rows (one micro-batch's worth); returns the new offset (rows added so far). */
  addData(rows: readonly Record<string, unknown>[]): number {
    return this.stream.addData(rows);
  }

  /** The streaming DataFrame over this stream. */
  toDF(): DataFrame {
    const description = `MemoryStream[${this.stream.schema.fieldNames.join(',')}]`;
    return new DataFrame(this.session, relation({ format: 'memory', options: {}, schema: this.stream.schema, handle: this.stream, description }, true));
  }
}
