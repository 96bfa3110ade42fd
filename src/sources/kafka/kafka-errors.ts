// Kafka client failures sorted into what to do (retry, reconnect and retry, or fail) and turned into BrookErrors that name the brokers, topic and partition.
import { BrookError, assertNever, externalError } from '../../common/errors.js';

/** What a failed Kafka call calls for. */
export type KafkaFailureKind = 'connection' | 'retriable' | 'authentication' | 'unknown-topic' | 'offset-out-of-range' | 'fatal';

interface ErrorLike {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly retriable?: unknown;
  readonly originalError?: unknown;
  readonly cause?: unknown;
  readonly topic?: unknown;
  readonly partition?: unknown;
}

const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError', 'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout', 'KafkaJSMetadataNotLoaded', 'KafkaJSTopicMetadataNotLoaded', 'KafkaJSGroupCoordinatorNotFound',
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);

function asErrorLike(error: unknown): ErrorLike | undefined {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : undefined;
}

/** The innermost error of kafkajs's wrappers (NumberOfRetriesExceeded, NonRetriableError keep the real one inside). */
export function rootKafkaError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    const e = asErrorLike(current);
    const inner = e?.originalError ?? (e?.name === 'KafkaJSNumberOfRetriesExceeded' || e?.name === 'KafkaJSNonRetriableError' ? e.cause : undefined);
    if (inner === undefined || inner === null) return current;
    current = inner;
  }
  return current;
}

/**
 * Sorts a failure of the client library.
 * @example classifyKafkaFailure(Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' })) // 'connection'
 */
export function classifyKafkaFailure(error: unknown): KafkaFailureKind {
  if (error instanceof BrookError) return 'fatal';
  const e = asErrorLike(rootKafkaError(error));
  if (e === undefined) return 'fatal';
  const name = String(e.name ?? '');
  const type = String(e.type ?? '');
  if (name === 'KafkaJSSASLAuthenticationError' || type === 'SASL_AUTHENTICATION_FAILED' || type === 'ILLEGAL_SASL_STATE'
    || type === 'UNSUPPORTED_SASL_MECHANISM') return 'authentication';
  if (name === 'KafkaJSOffsetOutOfRange' || type === 'OFFSET_OUT_OF_RANGE') return 'offset-out-of-range';
  if (type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'UNKNOWN_TOPIC_ID') return 'unknown-topic';
  if (CONNECTION_ERRORS.has(name) || SOCKET_CODES.has(String(e.code ?? ''))) return 'connection';
  if (/ECONNREFUSED|ECONNRESET|socket hang up|Connection (timeout|error|closed)/i.test(String(e.message ?? ''))) return 'connection';
  if (e.retriable === true) return 'retriable';
  return 'fatal';
}

/** The message of the innermost error, for error texts. */
export function kafkaErrorMessage(error: unknown): string {
  const root = rootKafkaError(error);
  const e = asErrorLike(root);
  const message = e !== undefined && typeof e.message === 'string' ? e.message : String(root);
  const type = e !== undefined && typeof e.type === 'string' ? e.type : undefined;
  return type !== undefined && !message.includes(type) ? `${message} [${type}]` : message;
}

/** The topic and partition a kafkajs error names, when it names them. */
export function kafkaErrorPartition(error: unknown): { topic: string; partition: number } | undefined {
  const e = asErrorLike(rootKafkaError(error));
  if (e === undefined || typeof e.topic !== 'string' || typeof e.partition !== 'number') return undefined;
  return { topic: e.topic, partition: e.partition };
}

/**
 * The BrookError for a failure that is not retried (or no longer): what was being done, the brokers, the broker's words.
 * @example toKafkaError(err, 'reading offsets', '127.0.0.1:9092')
 */
export function toKafkaError(error: unknown, what: string, bootstrapServers: string): BrookError {
  if (error instanceof BrookError) return error;
  const reason = kafkaErrorMessage(error);
  const kind = classifyKafkaFailure(error);
  switch (kind) {
    case 'authentication':
      return externalError('KAFKA_AUTHENTICATION_FAILED', `Authentication to Kafka at ${bootstrapServers} failed while ${what}: ${reason}`, {
        hint: "check the options kafka.security.protocol, kafka.sasl.mechanism and the user name and password in kafka.sasl.jaas.config",
        cause: error,
      });
    case 'unknown-topic':
      return externalError('KAFKA_UNKNOWN_TOPIC', `Kafka at ${bootstrapServers} does not know the topic or partition while ${what}: ${reason}`, { cause: error });
    case 'offset-out-of-range':
      return externalError('KAFKA_OFFSET_OUT_OF_RANGE', `Kafka at ${bootstrapServers} reports an offset out of range while ${what}: ${reason}`, { cause: error });
    case 'connection':
      return externalError('KAFKA_UNAVAILABLE', `Kafka is unreachable at bootstrap servers ${bootstrapServers} while ${what}: ${reason}`, { cause: error });
    case 'retriable':
    case 'fatal':
      return externalError('KAFKA_ERROR', `Kafka at ${bootstrapServers} failed while ${what}: ${reason}`, { cause: error });
    default:
      return assertNever(kind, 'Kafka failure kind');
  }
}
