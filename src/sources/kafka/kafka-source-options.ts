// The Kafka source's options with Spark's names and checks: subscription, starting/ending positions, rate limits, failOnDataLoss, headers, group.
import { parseDuration } from '../../common/duration.js';
import { assertNever, userError } from '../../common/errors.js';
import { booleanOption, choiceOption, optionalIntegerOption } from '../source-options.js';
import { optionOf } from '../source.js';
import type { TopicPartition } from './kafka-client.js';
import { PartitionMap } from './partition-map.js';

type Options = Readonly<Record<string, string>>;

/** Which partitions the source reads. */
export type KafkaSubscription =
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'subscribePattern'; readonly pattern: string; readonly regex: RegExp }
  | { readonly kind: 'assign'; readonly partitions: readonly TopicPartition[] };

/**
 * Where reading starts (or, for batch reads, ends). In `offsets`, -2 means earliest and -1 latest (Spark's JSON);
 * partitions a JSON leaves out start at earliest, as partitions discovered later do (Spark 3.5).
 */
export type KafkaPosition =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offsets'; readonly offsets: PartitionMap }
  | { readonly kind: 'timestamp'; readonly timestampMs: number }
  | { readonly kind: 'timestamps'; readonly timestamps: PartitionMap };

/** The parsed options of one Kafka relation. */
export interface KafkaSourceOptions {
  readonly subscription: KafkaSubscription;
  readonly starting: KafkaPosition;
  /** Batch reads only (default latest). */
  readonly ending: KafkaPosition;
  readonly maxOffsetsPerTrigger: number | undefined;
  readonly minOffsetsPerTrigger: number | undefined;
  readonly maxTriggerDelayMs: number;
  readonly failOnDataLoss: boolean;
  readonly includeHeaders: boolean;
  /** What to do when no record is at or after a starting timestamp: fail ('error', Spark's default) or start at latest. */
  readonly timestampStrategy: 'error' | 'latest';
  /** kafka.group.id, when given: the group the processed offsets are committed to. */
  readonly groupId: string | undefined;
  readonly groupIdPrefix: string;
}

const STRATEGIES = ['subscribe', 'subscribePattern', 'assign'] as const;
const ASSIGN_EXAMPLE = '{"topicA":[0,1],"topicB":[2,4]}';
const OFFSETS_EXAMPLE = '{"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}';
const TIMESTAMPS_EXAMPLE = '{"topicA":{"0":1700000000000,"1":1700000000000}}';

/**
 * The subscription options (exactly one of subscribe, subscribePattern, assign).
 * @example parseSubscription({ subscribe: 'a,b' }) // { kind: 'subscribe', topics: ['a', 'b'] }
 */
export function parseSubscription(options: Options): KafkaSubscription {
  const given = STRATEGIES.filter((s) => optionOf(options, s) !== undefined);
  if (given.length === 0) {
    throw userError('KAFKA_SUBSCRIPTION_REQUIRED', 'One of the following options must be specified for Kafka source: subscribe, subscribePattern, assign. See the docs for more details.');
  }
  if (given.length > 1) {
    throw userError('INVALID_OPTION', `Only one of the following options can be specified for Kafka source: subscribe, subscribePattern, assign. See the docs for more details. (given: ${given.join(', ')})`);
  }
  const strategy = given[0]!;
  const raw = optionOf(options, strategy)!;
  switch (strategy) {
    case 'subscribe': {
      const topics = raw.split(',').map((t) => t.trim()).filter((t) => t !== '');
      if (topics.length === 0) throw userError('INVALID_OPTION', `No topics to subscribe to as specified value for option 'subscribe' is '${raw}'`);
      return { kind: 'subscribe', topics: [...new Set(topics)] };
    }
    case 'subscribePattern': {
      if (raw.trim() === '') throw userError('INVALID_OPTION', `Pattern to subscribe is empty as specified value for option 'subscribePattern' is '${raw}'`);
      let regex: RegExp;
      try {
        // Java's Pattern.matcher(topic).matches(): the whole name must match
        regex = new RegExp(`^(?:${raw.trim()})$`);
      } catch (error) {
        throw userError('INVALID_OPTION', `Invalid value '${raw}' for option 'subscribePattern': ${error instanceof Error ? error.message : String(error)}`);
      }
      return { kind: 'subscribePattern', pattern: raw.trim(), regex };
    }
    case 'assign':
      return { kind: 'assign', partitions: parseAssign(raw) };
    default:
      return assertNever(strategy, 'subscription strategy');
  }
}

function parseJsonObject(raw: string, option: string, example: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw userError('INVALID_OPTION', `Invalid value for option '${option}': expected e.g. ${example}, got ${raw}`);
  }
  return parsed as Record<string, unknown>;
}

function parsePartitionNumber(text: string, option: string, raw: string, example: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n > 2_147_483_647) {
    throw userError('INVALID_OPTION', `Invalid partition '${text}' in option '${option}': expected e.g. ${example}, got ${raw}`);
  }
  return n;
}

function parseAssign(raw: string): TopicPartition[] {
  const json = parseJsonObject(raw, 'assign', ASSIGN_EXAMPLE);
  const out: TopicPartition[] = [];
  for (const [topic, partitions] of Object.entries(json)) {
    if (!Array.isArray(partitions) || partitions.some((p) => typeof p !== 'number' || !Number.isInteger(p) || p < 0)) {
      throw userError('INVALID_OPTION', `Invalid value for option 'assign': expected e.g. ${ASSIGN_EXAMPLE}, got ${raw}`);
    }
    for (const p of new Set(partitions as number[])) out.push({ topic, partition: p });
  }
  if (out.length === 0) throw userError('INVALID_OPTION', `No topic partitions to assign as specified value for option 'assign' is '${raw}'`);
  return out;
}

/** {"topic":{"0":23}} with integer values ≥ min. */
function parsePartitionJson(raw: string, option: string, example: string, min: number): PartitionMap {
  const json = parseJsonObject(raw, option, example);
  const out = new PartitionMap();
  for (const [topic, partitions] of Object.entries(json)) {
    if (typeof partitions !== 'object' || partitions === null || Array.isArray(partitions)) {
      throw userError('INVALID_OPTION', `Invalid value for option '${option}': expected e.g. ${example}, got ${raw}`);
    }
    for (const [p, value] of Object.entries(partitions as Record<string, unknown>)) {
      const partition = parsePartitionNumber(p, option, raw, example);
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
        throw userError('INVALID_OPTION', `Invalid offset ${JSON.stringify(value)} for ${topic}-${p} in option '${option}': expected an integer >= ${min}, e.g. ${example}`);
      }
      out.set({ topic, partition }, value);
    }
  }
  return out;
}

function parseTimestampOption(options: Options, key: string): number | undefined {
  const raw = optionOf(options, key);
  if (raw === undefined) return undefined;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) {
    throw userError('INVALID_OPTION', `Invalid value '${raw}' for option '${key}' of the kafka source: it must be a timestamp in milliseconds since the epoch`);
  }
  return n;
}

function parsePosition(options: Options, side: 'starting' | 'ending', batch: boolean): KafkaPosition {
  const offsetsKey = `${side}Offsets`;
  const timestamp = parseTimestampOption(options, `${side}Timestamp`);
  if (timestamp !== undefined) return { kind: 'timestamp', timestampMs: timestamp };
  const byTimestamp = optionOf(options, `${side}OffsetsByTimestamp`);
  if (byTimestamp !== undefined) return { kind: 'timestamps', timestamps: parsePartitionJson(byTimestamp, `${side}OffsetsByTimestamp`, TIMESTAMPS_EXAMPLE, 0) };
  const raw = optionOf(options, offsetsKey);
  const fallback = side === 'ending' || !batch ? 'latest' : 'earliest';
  const text = (raw ?? fallback).trim();
  if (text.toLowerCase() === 'earliest') {
    if (side === 'ending') throw userError('INVALID_OPTION', 'ending offset can\'t be earliest for batch queries on Kafka');
    return { kind: 'earliest' };
  }
  if (text.toLowerCase() === 'latest') {
    if (side === 'starting' && batch) throw userError('INVALID_OPTION', 'starting offset can\'t be latest for batch queries on Kafka');
    return { kind: 'latest' };
  }
  if (!text.startsWith('{')) {
    throw userError('INVALID_OPTION', `Invalid value '${text}' for option '${offsetsKey}': expected 'earliest', 'latest' or JSON such as ${OFFSETS_EXAMPLE}`);
  }
  const offsets = parsePartitionJson(text, offsetsKey, OFFSETS_EXAMPLE, -2);
  for (const [tp, offset] of offsets.entries()) {
    if (batch && side === 'starting' && offset === -1) throw userError('INVALID_OPTION', `startingOffsets for ${tp.topic}-${tp.partition} can't be latest for batch queries on Kafka`);
    if (side === 'ending' && offset === -2) throw userError('INVALID_OPTION', `endingOffsets for ${tp.topic}-${tp.partition} can't be earliest for batch queries on Kafka`);
  }
  return { kind: 'offsets', offsets };
}

/**
 * Checks and parses the Kafka source options of a streaming (`batch` false) or batch read.
 * @example parseKafkaSourceOptions({ 'kafka.bootstrap.servers': 'h:9092', subscribe: 'sales' }, false).starting // { kind: 'latest' }
 */
export function parseKafkaSourceOptions(options: Options, batch: boolean): KafkaSourceOptions {
  const subscription = parseSubscription(options);
  if (!batch) {
    for (const key of ['endingOffsets', 'endingTimestamp', 'endingOffsetsByTimestamp']) {
      if (optionOf(options, key) !== undefined) {
        throw userError('INVALID_OPTION', `Option '${key}' is not valid in streaming queries: it only applies to batch reads (session.read)`);
      }
    }
  }
  const maxOffsetsPerTrigger = optionalIntegerOption(options, 'maxOffsetsPerTrigger', 'kafka');
  const minOffsetsPerTrigger = optionalIntegerOption(options, 'minOffsetsPerTrigger', 'kafka');
  if (minOffsetsPerTrigger !== undefined && maxOffsetsPerTrigger !== undefined && minOffsetsPerTrigger > maxOffsetsPerTrigger) {
    throw userError('INVALID_OPTION', `The value of minOffsetPerTrigger(${minOffsetsPerTrigger}) is higher than the maxOffsetsPerTrigger(${maxOffsetsPerTrigger}).`);
  }
  const delay = optionOf(options, 'maxTriggerDelay');
  const maxTriggerDelayMs = delay === undefined ? 15 * 60_000
    : /^\d+$/.test(delay.trim()) ? Number(delay.trim()) * 1000 : parseDuration(delay.trim(), "value for option 'maxTriggerDelay' of the kafka source");
  return {
    subscription,
    starting: parsePosition(options, 'starting', batch),
    ending: batch ? parsePosition(options, 'ending', batch) : { kind: 'latest' },
    maxOffsetsPerTrigger,
    minOffsetsPerTrigger,
    maxTriggerDelayMs,
    failOnDataLoss: booleanOption(options, 'failOnDataLoss', 'kafka', true),
    includeHeaders: booleanOption(options, 'includeHeaders', 'kafka', false),
    timestampStrategy: choiceOption(options, 'startingOffsetsByTimestampStrategy', 'kafka', ['error', 'latest'] as const, 'error'),
    groupId: optionOf(options, 'kafka.group.id'),
    groupIdPrefix: optionOf(options, 'groupIdPrefix') ?? 'brook',
  };
}

/**
 * Spark's description of the subscription: KafkaV2[Subscribe[a,b]], KafkaV2[SubscribePattern[p]], KafkaV2[Assign[t-0, t-1]].
 * @example describeSubscription({ kind: 'subscribe', topics: ['sales'] }) // 'KafkaV2[Subscribe[sales]]'
 */
export function describeSubscription(subscription: KafkaSubscription): string {
  switch (subscription.kind) {
    case 'subscribe': return `KafkaV2[Subscribe[${subscription.topics.join(',')}]]`;
    case 'subscribePattern': return `KafkaV2[SubscribePattern[${subscription.pattern}]]`;
    case 'assign': return `KafkaV2[Assign[${subscription.partitions.map((p) => `${p.topic}-${p.partition}`).join(', ')}]]`;
    default: return assertNever(subscription, 'Kafka subscription');
  }
}
