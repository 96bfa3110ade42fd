// format('kafka') (streaming and batch): Spark's Kafka source over a KafkaClient — exact offset ranges per batch, rate limits, data-loss rules, group commits for lag tools.
//
// Offsets are Spark's JSON, {"topic":{"0":534,"1":498}}: per partition the offset of the next record to read.
//   latestOffset(start):  partitions = subscription now (rediscovered at most once a second)
//                         from = start, or the starting position (startingOffsets / timestamps) when start is null
//                         partitions of `from` that are gone → data loss; new partitions → from earliest
//                         upper = last stable offsets (read_committed), capped by Trigger.AvailableNow's or a batch read's end
//                         minOffsetsPerTrigger not reached and maxTriggerDelay not over → no batch (return start)
//                         end = upper, or Spark's prorated share of maxOffsetsPerTrigger per partition
//   getBatch(start, end): per partition [from, to): from < earliest (retention) or to < from (topic re-created) → data
//                         loss; reads exactly those offsets (the same rows on every replay) → Arrow batches
//   commit(end):          the group kafka.group.id (or <groupIdPrefix>-<queryId>) gets `end`, so lag tools see the query;
//                         sent in the background on a connection of its own (the checkpoint, not the group, is what
//                         recovery reads), at most one request in flight, the newest end winning; stop() waits for it
// Data loss: failOnDataLoss=true (default) fails naming topic, partition and offsets; false skips the lost offsets and
// reports them in metrics (skippedOffsets, skippedRanges).
// A start of 'latest' (or -1 in the JSON) is pinned to the end of the first batch, so a replay of batch 0 reads the same
// (no) rows as the first run.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { BrookError, assertNever, externalError, userError } from '../../common/errors.js';
import type { SourceDescriptor } from '../../planner/logical/plan.js';
import { optionOf, registerSourceProvider } from '../source.js';
import type { Offset, Source, SourceContext, SourceProvider } from '../source.js';
import type { KafkaClient, KafkaClientConfig, OffsetRange, OffsetSpec, RangeRecords, TopicPartition } from './kafka-client.js';
import { partitionName } from './kafka-client.js';
import { parseKafkaClientConfig } from './kafka-options.js';
import { KAFKA_SCHEMA, KAFKA_SCHEMA_WITH_HEADERS, kafkaRecordBatches } from './kafka-rows.js';
import { describeSubscription, parseKafkaSourceOptions, parseSubscription } from './kafka-source-options.js';
import type { KafkaPosition, KafkaSourceOptions } from './kafka-source-options.js';
import { KafkajsClient } from './kafkajs-client.js';
import { PartitionMap } from './partition-map.js';

const DISCOVERY_INTERVAL_MS = 1000;

/** What a Kafka source needs besides its options. */
export interface KafkaSourceSettings {
  readonly queryId: string;
  /** A batch read (session.read): fixed ending offsets, no group commits. */
  readonly batch: boolean;
  /** Makes the client (a test may hand in another implementation). */
  readonly createClient?: (config: KafkaClientConfig) => KafkaClient;
  readonly now?: () => number;
}

/**
 * Spark's offset-range maths for maxOffsetsPerTrigger: each partition gets its share of `limit` in proportion to what
 * it has available (at least 1 when it has anything), never past its end.
 * @example rateLimit(10, from, until) // with 30 and 10 available: 7 and 2 (Spark: floor, or ceil below 1)
 */
export function rateLimit(limit: number, from: PartitionMap, until: PartitionMap): PartitionMap {
  const sizes = until.entries().map(([tp, end]) => [tp, end, from.get(tp) ?? end] as const);
  const total = sizes.reduce((n, [, end, begin]) => n + Math.max(0, end - begin), 0);
  if (total < 1) return until.clone();
  const out = new PartitionMap();
  for (const [tp, end, begin] of sizes) {
    const size = Math.max(0, end - begin);
    const prorate = limit * (size / total);
    const share = prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate);
    out.set(tp, Math.min(end, begin + share));
  }
  return out;
}

/** Java's Double.toString for the figures Spark prints (2.0, 2.5, 1.0E7). */
function javaDouble(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return x.toFixed(1);
  if (Math.abs(x) >= 1e7) {
    const [mantissa, exponent] = x.toExponential().split('e');
    return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return String(x);
}

/** A Kafka topic subscription read as a replayable stream (see the file header for the protocol). */
export class KafkaSource implements Source {
  readonly description: string;
  readonly schema: StructType;
  private readonly options: KafkaSourceOptions;
  private readonly config: KafkaClientConfig;
  private readonly settings: KafkaSourceSettings;
  private readonly now: () => number;
  private clientInstance: KafkaClient | undefined;
  /** The connection group commits go out on, so they never wait behind (or hold up) a batch's reads. */
  private commitClientInstance: KafkaClient | undefined;
  private pendingCommit: Offset | undefined;
  private committing: Promise<void> | undefined;
  private commitFailures = 0;
  private discovered: { at: number; partitions: TopicPartition[] } | undefined;
  private initial: PartitionMap | undefined;
  private fixedEnd: PartitionMap | undefined;
  private lastTriggerMs: number;
  private latestSeen: PartitionMap | undefined;
  private lastBatchEnd: PartitionMap | undefined;
  private readonly reportedLosses = new Set<string>();
  private readonly skippedRanges: string[] = [];
  private skippedOffsets = 0;

  constructor(options: KafkaSourceOptions, config: KafkaClientConfig, settings: KafkaSourceSettings) {
    this.options = options;
    this.config = config;
    this.settings = settings;
    this.now = settings.now ?? Date.now;
    this.lastTriggerMs = this.now();
    this.description = describeSubscription(options.subscription);
    this.schema = options.includeHeaders ? KAFKA_SCHEMA_WITH_HEADERS : KAFKA_SCHEMA;
  }

  /** The consumer group that receives the processed offsets. */
  get groupId(): string {
    return this.options.groupId ?? `${this.options.groupIdPrefix}-${this.settings.queryId}`;
  }

  private get client(): KafkaClient {
    this.clientInstance ??= this.newClient();
    return this.clientInstance;
  }

  private newClient(): KafkaClient {
    return (this.settings.createClient ?? ((c) => new KafkajsClient(c)))(this.config);
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    try {
      return await this.computeLatest(start);
    } catch (error) {
      // a topic deleted between discovery and the offset lookup: look again once
      if (!(error instanceof BrookError) || error.code !== 'KAFKA_UNKNOWN_TOPIC') throw error;
      this.discovered = undefined;
      return this.computeLatest(start);
    }
  }

  private async computeLatest(start: Offset | null): Promise<Offset | null> {
    const partitions = await this.partitions(start === null);
    const from = start === null ? await this.initialOffsets(partitions) : PartitionMap.fromOffset(start);
    const current = new Set(partitions.map(partitionName));
    for (const [tp, offset] of from.entries()) {
      if (!current.has(partitionName(tp))) {
        this.dataLoss(`${partitionName(tp)}:gone`, `Kafka topic '${tp.topic}' partition ${tp.partition} is gone (the topic was deleted) with offsets from ${offset} perhaps not read`);
        from.delete(tp);
      }
    }
    const added = partitions.filter((tp) => !from.has(tp));
    if (added.length > 0) for (const [tp, offset] of (await this.offsets(added, { kind: 'earliest' })).entries()) from.set(tp, offset);
    const latest = await this.offsets(partitions, { kind: 'latest' });
    this.latestSeen = latest;
    for (const [tp, offset] of latest.entries()) {
      const begin = from.get(tp)!;
      if (offset < begin) {
        this.dataLoss(`${partitionName(tp)}:back:${begin}:${offset}`,
          `the latest offset of Kafka topic '${tp.topic}' partition ${tp.partition} went back from ${begin} to ${offset} (the topic was deleted and re-created?); records from offset ${offset} on are read again only after ${begin}`);
        latest.set(tp, begin);
      }
    }
    if (this.settings.batch && this.fixedEnd === undefined) this.fixedEnd = await this.endingOffsets(partitions, latest);
    const upper = this.capped(latest, from);
    if (this.settings.batch) return upper.toOffset();
    const available = upper.entries().reduce((n, [tp, end]) => n + Math.max(0, end - from.get(tp)!), 0);
    const min = this.options.minOffsetsPerTrigger;
    if (min !== undefined && available < min && this.now() - this.lastTriggerMs < this.options.maxTriggerDelayMs) return start;
    const end = this.options.maxOffsetsPerTrigger === undefined ? upper : rateLimit(this.options.maxOffsetsPerTrigger, from, upper);
    if (available > 0) this.lastTriggerMs = this.now();
    return end.toOffset();
  }

  /** The latest offsets capped by a fixed end (AvailableNow, batch reads); partitions outside the fixed end stay where they are. */
  private capped(latest: PartitionMap, from: PartitionMap): PartitionMap {
    const fixed = this.fixedEnd;
    if (fixed === undefined) return latest;
    const out = new PartitionMap();
    for (const [tp, offset] of latest.entries()) {
      const cap = fixed.get(tp);
      out.set(tp, cap === undefined ? from.get(tp)! : Math.max(from.get(tp)!, Math.min(offset, cap)));
    }
    return out;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<RecordBatch[]> {
    const endMap = PartitionMap.fromOffset(end);
    const from = start === null ? (this.initial ?? await this.initialOffsets(endMap.partitions(), endMap)) : PartitionMap.fromOffset(start);
    let ranges = await this.plannedRanges(from, endMap);
    let records: RangeRecords[];
    for (let attempt = 1; ; attempt++) {
      try {
        records = await this.client.readRanges(ranges);
        break;
      } catch (error) {
        // retention or a deletion raced with the read: plan again (failing, or skipping, as failOnDataLoss says)
        const raced = error instanceof BrookError && (error.code === 'KAFKA_OFFSET_OUT_OF_RANGE' || error.code === 'KAFKA_UNKNOWN_TOPIC');
        if (!raced || attempt >= 3) throw error;
        ranges = await this.plannedRanges(from, endMap);
      }
    }
    this.lastBatchEnd = endMap;
    return kafkaRecordBatches(records, this.options.includeHeaders);
  }

  /** [from, to) per partition of `end`, after the data-loss checks (deleted topics, retention, offsets gone back). */
  private async plannedRanges(from: PartitionMap, end: PartitionMap): Promise<OffsetRange[]> {
    const partitions = end.partitions();
    const described = await this.client.describeTopics([...new Set(partitions.map((p) => p.topic))]);
    const present = partitions.filter((tp) => described.get(tp.topic)?.includes(tp.partition) === true);
    for (const tp of partitions) {
      if (!present.includes(tp)) {
        this.dataLoss(`${partitionName(tp)}:gone`, `Kafka topic '${tp.topic}' partition ${tp.partition} is gone (the topic was deleted) before offsets [${from.get(tp) ?? 0}, ${end.get(tp)}) were read`);
      }
    }
    const earliest = await this.offsets(present, { kind: 'earliest' });
    const ranges: OffsetRange[] = [];
    for (const tp of present) {
      const to = end.get(tp)!;
      const first = earliest.get(tp)!;
      let begin = from.get(tp) ?? first;
      if (to < begin) {
        this.dataLoss(`${partitionName(tp)}:back:${begin}:${to}`, `the offsets of Kafka topic '${tp.topic}' partition ${tp.partition} went back from ${begin} to ${to} (the topic was deleted and re-created?)`);
        continue;
      }
      if (begin < first) {
        const lostTo = Math.min(first, to);
        this.dataLoss(`${partitionName(tp)}:lost:${begin}:${lostTo}`,
          `offsets [${begin}, ${lostTo}) of Kafka topic '${tp.topic}' partition ${tp.partition} are no longer available (the earliest offset is now ${first}): they were aged out by retention or deleted`,
          { range: `${partitionName(tp)}:[${begin},${lostTo})`, count: lostTo - begin });
        begin = lostTo;
      }
      if (begin < to) ranges.push({ topic: tp.topic, partition: tp.partition, from: begin, to });
    }
    return ranges;
  }

  /** failOnDataLoss: fail naming what was lost, or remember it (once) for the metrics and go on. */
  private dataLoss(key: string, detail: string, skipped?: { range: string; count: number }): void {
    if (this.options.failOnDataLoss) {
      throw externalError('KAFKA_DATA_LOSS', `Data loss in ${this.description}: ${detail}.`, {
        hint: "if the query should go on past lost data, set the source option failOnDataLoss to 'false'",
      });
    }
    if (this.reportedLosses.has(key)) return;
    this.reportedLosses.add(key);
    this.skippedOffsets += skipped?.count ?? 0;
    this.skippedRanges.push(skipped?.range ?? key);
  }

  /** Hands `end` to the background group commit and returns at once (see the file comment). */
  commit(end: Offset): Promise<void> {
    if (this.settings.batch) return Promise.resolve();
    this.pendingCommit = end;
    this.committing ??= this.sendCommits();
    return Promise.resolve();
  }

  /** Sends the newest pending end until none is left; a failure is counted in metrics (groupCommitFailures), never fails the query. */
  private async sendCommits(): Promise<void> {
    try {
      while (this.pendingCommit !== undefined) {
        const end = this.pendingCommit;
        this.pendingCommit = undefined;
        const offsets = PartitionMap.fromOffset(end).entries().map(([tp, offset]) => ({ ...tp, offset }));
        this.commitClientInstance ??= this.newClient();
        try {
          await this.commitClientInstance.commitGroupOffsets(this.groupId, offsets);
        } catch {
          this.commitFailures++;
        }
      }
    } finally {
      this.committing = undefined;
    }
  }

  async stop(): Promise<void> {
    await this.committing;
    await Promise.all([this.clientInstance?.close(), this.commitClientInstance?.close()]);
    this.clientInstance = undefined;
    this.commitClientInstance = undefined;
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    const partitions = await this.partitions(this.initial === undefined);
    const latest = await this.offsets(partitions, { kind: 'latest' });
    this.fixedEnd = this.settings.batch ? await this.endingOffsets(partitions, latest) : latest;
  }

  /**
   * The latest offsets seen by the last latestOffset call, before maxOffsetsPerTrigger cut them (Spark's
   * reportLatestOffset: the progress's `latestOffset` when the runtime asks for it).
   */
  reportLatestOffset(): Offset | null {
    return this.latestSeen?.toOffset() ?? null;
  }

  metrics(): Record<string, string> {
    const out: Record<string, string> = {};
    const latest = this.latestSeen;
    const consumed = this.lastBatchEnd;
    if (latest !== undefined && consumed !== undefined) {
      const behind = latest.entries().filter(([tp]) => consumed.has(tp)).map(([tp, offset]) => Math.max(0, offset - consumed.get(tp)!));
      if (behind.length > 0) {
        out.minOffsetsBehindLatest = String(Math.min(...behind));
        out.maxOffsetsBehindLatest = String(Math.max(...behind));
        out.avgOffsetsBehindLatest = javaDouble(behind.reduce((a, b) => a + b, 0) / behind.length);
      }
    }
    if (this.commitFailures > 0) out.groupCommitFailures = String(this.commitFailures);
    if (this.skippedRanges.length > 0) {
      out.skippedOffsets = String(this.skippedOffsets);
      out.skippedRanges = this.skippedRanges.slice(-20).join(', ');
    }
    return out;
  }

  /** The subscribed partitions now; on the first call an unknown topic or partition (subscribe, assign) is an error. */
  private async partitions(first: boolean): Promise<TopicPartition[]> {
    const cached = this.discovered;
    if (!first && cached !== undefined && this.now() - cached.at < DISCOVERY_INTERVAL_MS) return cached.partitions;
    const sub = this.options.subscription;
    const topics = sub.kind === 'subscribe' ? sub.topics
      : sub.kind === 'assign' ? [...new Set(sub.partitions.map((p) => p.topic))]
        : (await this.client.listTopics()).filter((t) => sub.regex.test(t));
    const described = await this.client.describeTopics(topics);
    if (first && sub.kind !== 'subscribePattern') {
      for (const topic of topics) {
        if (!described.has(topic)) {
          throw externalError('KAFKA_UNKNOWN_TOPIC', `Kafka topic '${topic}' does not exist (bootstrap servers ${this.client.bootstrapServers}); the kafka source option '${sub.kind}' names it`, {
            hint: 'create the topic first (brook never creates topics), or check the name',
          });
        }
      }
    }
    let partitions: TopicPartition[];
    if (sub.kind === 'assign') {
      partitions = sub.partitions.filter((tp) => described.get(tp.topic)?.includes(tp.partition) === true);
      const missing = sub.partitions.find((tp) => !partitions.includes(tp) && described.has(tp.topic));
      if (first && missing !== undefined) {
        throw externalError('KAFKA_UNKNOWN_TOPIC', `Kafka topic '${missing.topic}' has no partition ${missing.partition} (it has partitions ${described.get(missing.topic)!.join(', ')}); the kafka source option 'assign' names it`);
      }
    } else {
      partitions = [...described].flatMap(([topic, ids]) => ids.map((partition) => ({ topic, partition })));
    }
    this.discovered = { at: this.now(), partitions };
    return partitions;
  }

  /** Offsets of partitions by one rule; a timestamp that no record reaches gives null. */
  private async lookup(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<[TopicPartition, number | null][]> {
    const found = await this.client.listOffsets(partitions, spec);
    return found.map((o) => [{ topic: o.topic, partition: o.partition }, o.offset]);
  }

  private async offsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<PartitionMap> {
    const out = new PartitionMap();
    for (const [tp, offset] of await this.lookup(partitions, spec)) out.set(tp, offset ?? 0);
    return out;
  }

  /**
   * The starting position per partition (start null). `end` is given on a replay of batch 0: 'latest' then means the
   * end of that batch, as it did when the batch was planned.
   */
  private async initialOffsets(partitions: readonly TopicPartition[], end?: PartitionMap): Promise<PartitionMap> {
    if (this.initial !== undefined) return this.initial.clone();
    const starting = this.options.starting;
    const latest = async (tps: readonly TopicPartition[]): Promise<PartitionMap> =>
      end !== undefined ? PartitionMap.of(tps.filter((tp) => end.has(tp)).map((tp) => [tp, end.get(tp)!] as const)) : this.offsets(tps, { kind: 'latest' });
    let out: PartitionMap;
    switch (starting.kind) {
      case 'earliest': out = await this.offsets(partitions, { kind: 'earliest' }); break;
      case 'latest': out = await latest(partitions); break;
      case 'offsets': out = await this.fromJson(starting.offsets, partitions, 'startingOffsets', latest); break;
      case 'timestamp': out = await this.fromTimestamps(PartitionMap.of(partitions.map((tp) => [tp, starting.timestampMs] as const)), partitions, 'startingTimestamp', latest); break;
      case 'timestamps': out = await this.fromTimestamps(starting.timestamps, partitions, 'startingOffsetsByTimestamp', latest); break;
      default: return assertNever(starting, 'starting position');
    }
    this.initial = out;
    return out.clone();
  }

  private checkNamed(named: PartitionMap, partitions: readonly TopicPartition[], option: string): void {
    const known = new Set(partitions.map(partitionName));
    for (const tp of named.partitions()) {
      if (!known.has(partitionName(tp))) {
        throw userError('INVALID_OPTION', `Option '${option}' names ${partitionName(tp)}, which is not among the partitions the kafka source reads (${[...known].join(', ') || 'none'})`);
      }
    }
  }

  /** Spark's JSON offsets: -2 earliest, -1 latest, others as given; partitions left out are not in the result (they start at earliest). */
  private async fromJson(named: PartitionMap, partitions: readonly TopicPartition[], option: string, latest: (tps: readonly TopicPartition[]) => Promise<PartitionMap>): Promise<PartitionMap> {
    this.checkNamed(named, partitions, option);
    const entries = named.entries();
    const earliest = await this.offsets(entries.filter(([, o]) => o === -2).map(([tp]) => tp), { kind: 'earliest' });
    const newest = await latest(entries.filter(([, o]) => o === -1).map(([tp]) => tp));
    const out = new PartitionMap();
    for (const [tp, offset] of entries) {
      const resolved = offset === -2 ? earliest.get(tp) : offset === -1 ? newest.get(tp) : offset;
      if (resolved !== undefined) out.set(tp, resolved);
    }
    return out;
  }

  /** The first offset at or after each partition's timestamp; none → fail (strategy 'error', Spark's default) or latest. */
  private async fromTimestamps(named: PartitionMap, partitions: readonly TopicPartition[], option: string, latest: (tps: readonly TopicPartition[]) => Promise<PartitionMap>): Promise<PartitionMap> {
    this.checkNamed(named, partitions, option);
    const out = new PartitionMap();
    const missing: TopicPartition[] = [];
    const byTimestamp = new Map<number, TopicPartition[]>();
    for (const [tp, ts] of named.entries()) byTimestamp.set(ts, [...(byTimestamp.get(ts) ?? []), tp]);
    for (const [ts, tps] of byTimestamp) {
      for (const [tp, offset] of await this.lookup(tps, { kind: 'timestamp', timestampMs: ts })) {
        if (offset !== null) out.set(tp, offset);
        else if (this.options.timestampStrategy === 'latest') missing.push(tp);
        else {
          throw externalError('KAFKA_NO_OFFSET_FOR_TIMESTAMP', `No offset matched from request of topic-partition ${partitionName(tp)} and timestamp ${ts} (option '${option}'): no record of the partition has a timestamp at or after it`, {
            hint: "set the source option startingOffsetsByTimestampStrategy to 'latest' to start such partitions at their latest offset",
          });
        }
      }
    }
    for (const [tp, offset] of (await latest(missing)).entries()) out.set(tp, offset);
    return out;
  }

  /** A batch read's end: endingOffsets / endingTimestamp / endingOffsetsByTimestamp (no matching record → latest). */
  private async endingOffsets(partitions: readonly TopicPartition[], latest: PartitionMap): Promise<PartitionMap> {
    const ending: KafkaPosition = this.options.ending;
    const out = latest.clone();
    switch (ending.kind) {
      case 'latest': return out;
      case 'earliest': return this.offsets(partitions, { kind: 'earliest' });
      case 'offsets':
        this.checkNamed(ending.offsets, partitions, 'endingOffsets');
        for (const [tp, offset] of ending.offsets.entries()) if (offset >= 0) out.set(tp, offset);
        return out;
      case 'timestamp':
      case 'timestamps': {
        const named = ending.kind === 'timestamps' ? ending.timestamps : PartitionMap.of(partitions.map((tp) => [tp, ending.timestampMs] as const));
        this.checkNamed(named, partitions, ending.kind === 'timestamps' ? 'endingOffsetsByTimestamp' : 'endingTimestamp');
        for (const [tp, ts] of named.entries()) {
          const [[, offset]] = await this.lookup([tp], { kind: 'timestamp', timestampMs: ts }) as [[TopicPartition, number | null]];
          if (offset !== null) out.set(tp, offset);
        }
        return out;
      }
      default: return assertNever(ending, 'ending position');
    }
  }
}

function checkNoUserSchema(userSchema: StructType | undefined): void {
  if (userSchema !== undefined) throw userError('USER_SCHEMA_NOT_SUPPORTED', 'Kafka source has a fixed schema and cannot be set with a custom one');
}

function resolve(options: Readonly<Record<string, string>>, userSchema: StructType | undefined, batch: boolean): StructType {
  checkNoUserSchema(userSchema);
  const parsed = parseKafkaSourceOptions(options, batch);
  parseKafkaClientConfig(options, 'source', 'brook');
  return parsed.includeHeaders ? KAFKA_SCHEMA_WITH_HEADERS : KAFKA_SCHEMA;
}

/**
 * format('kafka'): Spark's Kafka source. Options: kafka.bootstrap.servers (required), one of subscribe / subscribePattern /
 * assign, startingOffsets, startingTimestamp, startingOffsetsByTimestamp (+ startingOffsetsByTimestampStrategy),
 * endingOffsets / endingTimestamp / endingOffsetsByTimestamp (batch), maxOffsetsPerTrigger, minOffsetsPerTrigger,
 * maxTriggerDelay, failOnDataLoss, includeHeaders, groupIdPrefix, and kafka.* client settings (see kafka-options.ts).
 * @example session.readStream.format('kafka').option('kafka.bootstrap.servers', 'localhost:9092').option('subscribe', 'sales').load()
 */
export const kafkaSourceProvider: SourceProvider = {
  format: 'kafka',
  supportsStreaming: true,
  supportsBatch: true,
  resolveSchema(options, userSchema) {
    return resolve(options, userSchema, false);
  },
  resolveBatchSchema(options, userSchema) {
    return resolve(options, userSchema, true);
  },
  describe(options) {
    return describeSubscription(parseSubscription(options));
  },
  createSource(descriptor: SourceDescriptor, ctx: SourceContext): Source {
    // data-frame.ts creates the sources of a batch read with the query id 'batch'
    const batch = ctx.queryId === 'batch';
    const options = descriptor.options;
    const clientId = optionOf(options, 'kafka.client.id') ?? `brook-${ctx.queryId}`;
    return new KafkaSource(parseKafkaSourceOptions(options, batch), parseKafkaClientConfig(options, 'source', clientId), { queryId: ctx.queryId, batch });
  },
};

registerSourceProvider(kafkaSourceProvider);
