// format('state'): reads the state of a checkpointed query for debugging (like Spark's state data source).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { userError } from '../../common/errors.js';
import { parseSchema } from '../../common/schema-parser.js';
import { rowsToRecordBatch } from '../../compute/arrow-bridge.js';
import { readEntry, numberedEntries } from '../../state/checkpoint-files.js';
import { StateCheckpoint } from '../../state/state-checkpoint.js';
import type { Offset, Source, SourceProvider } from '../source.js';
import { optionOf, registerSourceProvider } from '../source.js';

/** operator_id, key (the group's key values as JSON), value (the operator's state as JSON), version. */
export const STATE_SOURCE_SCHEMA = parseSchema('operator_id INT, key STRING, value STRING, version BIGINT');

const rawText = { encode: (v: string) => v, decode: (t: string) => t };

/**
 * Options: batchId (read the state as it was after that batch; default the last committed one), operatorId
 * (one operator; default all). Rows are read at the version batchId + 1, as the query committed it.
 */
class StateSource implements Source {
  readonly description: string;
  readonly schema = STATE_SOURCE_SCHEMA;

  constructor(private readonly dir: string, private readonly batchId: number | undefined, private readonly operatorId: number | undefined) {
    this.description = `State[${dir}]`;
  }

  async latestOffset(): Promise<Offset | null> {
    return 1;
  }

  async getBatch(): Promise<RecordBatch[]> {
    const commits = numberedEntries(join(this.dir, 'commits')).filter((id) => readEntry(join(this.dir, 'commits', String(id))).ok);
    const last = commits[commits.length - 1];
    if (last === undefined) return [];
    const batchId = this.batchId ?? last;
    if (batchId > last) throw userError('INVALID_OPTION', `Batch ${batchId} is not committed in ${this.dir}: the last committed batch is ${last}`);
    const stateDir = join(this.dir, 'state');
    if (!existsSync(stateDir)) return [];
    const operators = readdirSync(stateDir).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b)
      .filter((op) => this.operatorId === undefined || op === this.operatorId);
    const rows: Record<string, unknown>[] = [];
    for (const op of operators) {
      const version = batchId + 1;
      for (const [key, value] of new StateCheckpoint<string>(join(stateDir, String(op)), rawText).load(version)) {
        rows.push({ operator_id: op, key, value, version });
      }
    }
    return rows.length === 0 ? [] : [rowsToRecordBatch(STATE_SOURCE_SCHEMA, rows)];
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {}
}

export const stateSourceProvider: SourceProvider = {
  format: 'state',
  supportsStreaming: false,
  supportsBatch: true,
  resolveSchema(_options, _userSchema, path) {
    if (path === undefined) throw userError('PATH_REQUIRED', "The state source needs the query's checkpoint folder: session.read.format('state').load(checkpointDir)");
    if (!existsSync(join(path, 'metadata'))) throw userError('PATH_NOT_FOUND', `${path} is not a brook checkpoint folder (it has no metadata file)`);
    return STATE_SOURCE_SCHEMA;
  },
  describe(_options, path) {
    return `State[${path ?? ''}]`;
  },
  createSource(descriptor) {
    const batchId = optionOf(descriptor.options, 'batchId');
    const operatorId = optionOf(descriptor.options, 'operatorId');
    return new StateSource(descriptor.path!, batchId === undefined ? undefined : Number(batchId), operatorId === undefined ? undefined : Number(operatorId));
  },
};

registerSourceProvider(stateSourceProvider);
