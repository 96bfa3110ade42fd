// The `kafka.*` options of the Kafka source and sink turned into a KafkaClientConfig (brokers, client id, SASL, TLS, timeouts), with errors that never show a secret.
import { readFileSync } from 'node:fs';
import { userError } from '../../common/errors.js';
import { optionOf } from '../source.js';
import type { KafkaClientConfig, KafkaTlsConfig, SaslMechanism } from './kafka-client.js';

type Options = Readonly<Record<string, string>>;

/** Which side the options configure: Spark's messages say "Kafka consumer" or "Kafka producer". */
export type KafkaRole = 'source' | 'sink';

/** Option names whose values are secrets: never printed in descriptions, progress or errors. */
const SECRET_OPTION = /(password|jaas|secret|(^|\.)key$|keystore\.key|credentials|token)/i;

/**
 * Whether an option's value must be hidden.
 * @example isSecretOption('kafka.sasl.jaas.config') // true
 */
export function isSecretOption(name: string): boolean {
  return SECRET_OPTION.test(name);
}

/**
 * The options with every secret value replaced by '*****' (for logs and descriptions).
 * @example redactKafkaOptions({ 'kafka.sasl.jaas.config': '… password="x";' }) // { 'kafka.sasl.jaas.config': '*****' }
 */
export function redactKafkaOptions(options: Options): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) out[k] = isSecretOption(k) ? '*****' : v;
  return out;
}

/** Kafka client settings that brook decides itself (Spark's list), with the message Spark gives. */
const UNSUPPORTED: Readonly<Record<KafkaRole, Readonly<Record<string, string>>>> = {
  source: {
    'auto.offset.reset': "Kafka option 'auto.offset.reset' is not supported. Instead set the source option 'startingOffsets' to 'earliest' or 'latest' to specify where to start.",
    'key.deserializer': "Kafka option 'key.deserializer' is not supported, as keys are deserialized as byte arrays. Use DataFrame operations to explicitly deserialize the keys.",
    'value.deserializer': "Kafka option 'value.deserializer' is not supported, as values are deserialized as byte arrays. Use DataFrame operations to explicitly deserialize the values.",
    'enable.auto.commit': "Kafka option 'enable.auto.commit' is not supported: brook commits the processed offsets to the consumer group itself after each batch.",
    'interceptor.classes': "Kafka option 'interceptor.classes' is not supported as user-specified consumer interceptors are not supported.",
    'isolation.level': "Kafka option 'isolation.level' is not supported: brook always reads with read_committed.",
  },
  sink: {
    'key.serializer': "Kafka option 'key.serializer' is not supported, as keys are serialized as byte arrays. Use DataFrame operations to explicitly serialize the keys into either strings or byte arrays.",
    'value.serializer': "Kafka option 'value.serializer' is not supported, as values are serialized as byte arrays. Use DataFrame operations to explicitly serialize the values into either strings or byte arrays.",
    'enable.idempotence': "Kafka option 'enable.idempotence' is not supported: brook's Kafka producer is always idempotent.",
    'acks': "Kafka option 'acks' is not supported: the idempotent producer always waits for all in-sync replicas (acks=all).",
  },
};

/**
 * Throws Spark's error for a `kafka.*` option brook sets itself.
 * @example checkUnsupportedKafkaOptions({ 'kafka.auto.offset.reset': 'earliest' }, 'source') // throws
 */
export function checkUnsupportedKafkaOptions(options: Options, role: KafkaRole): void {
  for (const key of Object.keys(options)) {
    const lower = key.toLowerCase();
    if (!lower.startsWith('kafka.')) continue;
    const message = UNSUPPORTED[role][lower.slice('kafka.'.length)];
    if (message !== undefined) throw userError('UNSUPPORTED_KAFKA_OPTION', message);
  }
}

function kafkaOption(options: Options, name: string): string | undefined {
  return optionOf(options, `kafka.${name}`);
}

function integerKafkaOption(options: Options, name: string, fallback: number, min = 0): number {
  const raw = kafkaOption(options, name);
  if (raw === undefined) return fallback;
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw userError('INVALID_OPTION', `Invalid value '${raw}' for option 'kafka.${name}': it must be an integer >= ${min}`);
  }
  return value;
}

function parseBootstrapServers(options: Options, role: KafkaRole): string[] {
  const raw = kafkaOption(options, 'bootstrap.servers');
  if (raw === undefined || raw.trim() === '') {
    throw userError('KAFKA_BOOTSTRAP_SERVERS_REQUIRED',
      `Option 'kafka.bootstrap.servers' must be specified for configuring Kafka ${role === 'source' ? 'consumer' : 'producer'}`,
      { hint: "e.g. .option('kafka.bootstrap.servers', 'host1:9092,host2:9092')" });
  }
  const servers = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const server of servers) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(server)) {
      throw userError('INVALID_OPTION', `Invalid broker address '${server}' in option 'kafka.bootstrap.servers': expected host:port, e.g. localhost:9092`);
    }
  }
  return servers;
}

/** PLAIN / SCRAM credentials from sasl.jaas.config (username="…" password="…"); the message never repeats the value. */
function parseJaas(text: string, mechanism: SaslMechanism): { username: string; password: string } {
  const field = (name: string): string | undefined => {
    const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|'((?:[^'\\\\]|\\\\.)*)'|([^\\s;]+))`).exec(text);
    const value = match?.[1] ?? match?.[2] ?? match?.[3];
    return value?.replace(/\\(.)/g, '$1');
  };
  const username = field('username');
  const password = field('password');
  const module = mechanism === 'plain' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
  if (username === undefined || password === undefined) {
    throw userError('INVALID_OPTION', `Option 'kafka.sasl.jaas.config' must give a username and a password, e.g. ${module} required username="alice" password="…";`);
  }
  return { username, password };
}

function parseSasl(options: Options): KafkaClientConfig['sasl'] {
  const raw = (kafkaOption(options, 'sasl.mechanism') ?? 'GSSAPI').trim().toUpperCase();
  const mechanisms: Readonly<Record<string, SaslMechanism>> = { PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' };
  const mechanism = mechanisms[raw];
  if (mechanism === undefined) {
    throw userError('INVALID_OPTION', `Unsupported value '${raw}' for option 'kafka.sasl.mechanism' (Kafka's default is GSSAPI): brook supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512`);
  }
  const jaas = kafkaOption(options, 'sasl.jaas.config');
  if (jaas === undefined) {
    throw userError('INVALID_OPTION', `Option 'kafka.sasl.jaas.config' must be specified with kafka.sasl.mechanism ${raw}`);
  }
  return { mechanism, ...parseJaas(jaas, mechanism) };
}

function readPemFile(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw userError('INVALID_OPTION', `Cannot read the file of option '${option}' (${path}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseTls(options: Options): KafkaTlsConfig {
  const truststoreType = (kafkaOption(options, 'ssl.truststore.type') ?? 'PEM').trim().toUpperCase();
  if (truststoreType !== 'PEM') {
    throw userError('INVALID_OPTION', `Unsupported value '${truststoreType}' for option 'kafka.ssl.truststore.type': brook reads PEM trust stores (convert a JKS or PKCS12 one with keytool/openssl)`);
  }
  const ca: string[] = [];
  const trustFile = kafkaOption(options, 'ssl.truststore.location');
  if (trustFile !== undefined) ca.push(readPemFile(trustFile, 'kafka.ssl.truststore.location'));
  const trustText = kafkaOption(options, 'ssl.truststore.certificates');
  if (trustText !== undefined) ca.push(trustText);
  const keystoreType = (kafkaOption(options, 'ssl.keystore.type') ?? 'PEM').trim().toUpperCase();
  const keystoreFile = kafkaOption(options, 'ssl.keystore.location');
  const keyPassword = kafkaOption(options, 'ssl.key.password') ?? kafkaOption(options, 'ssl.keystore.password');
  let cert = kafkaOption(options, 'ssl.keystore.certificate.chain');
  let key = kafkaOption(options, 'ssl.keystore.key');
  let pfx: Uint8Array | undefined;
  if (keystoreFile !== undefined) {
    if (keystoreType === 'PKCS12') {
      try {
        pfx = readFileSync(keystoreFile);
      } catch (error) {
        throw userError('INVALID_OPTION', `Cannot read the file of option 'kafka.ssl.keystore.location' (${keystoreFile}): ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if (keystoreType === 'PEM') {
      const pem = readPemFile(keystoreFile, 'kafka.ssl.keystore.location');
      cert ??= pem;
      key ??= pem;
    } else {
      throw userError('INVALID_OPTION', `Unsupported value '${keystoreType}' for option 'kafka.ssl.keystore.type': brook reads PEM or PKCS12 key stores`);
    }
  }
  const algorithm = kafkaOption(options, 'ssl.endpoint.identification.algorithm');
  return {
    ca: ca.length === 0 ? undefined : ca,
    cert, key, pfx,
    passphrase: keyPassword,
    checkHostName: algorithm === undefined || algorithm.trim() !== '',
  };
}

/**
 * The client settings of a source or sink from its `kafka.*` options.
 * @example parseKafkaClientConfig({ 'kafka.bootstrap.servers': 'localhost:9092' }, 'source', 'brook-q1').bootstrapServers // ['localhost:9092']
 */
export function parseKafkaClientConfig(options: Options, role: KafkaRole, defaultClientId: string): KafkaClientConfig {
  checkUnsupportedKafkaOptions(options, role);
  const bootstrapServers = parseBootstrapServers(options, role);
  const protocol = (kafkaOption(options, 'security.protocol') ?? 'PLAINTEXT').trim().toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw userError('INVALID_OPTION', `Invalid value '${protocol}' for option 'kafka.security.protocol': it must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL`);
  }
  const retryBackoffMs = integerKafkaOption(options, 'retry.backoff.ms', 100, 1);
  return {
    bootstrapServers,
    clientId: kafkaOption(options, 'client.id') ?? defaultClientId,
    tls: protocol === 'SSL' || protocol === 'SASL_SSL' ? parseTls(options) : undefined,
    sasl: protocol.startsWith('SASL_') ? parseSasl(options) : undefined,
    requestTimeoutMs: integerKafkaOption(options, 'request.timeout.ms', 30_000, 1),
    connectionTimeoutMs: integerKafkaOption(options, 'socket.connection.setup.timeout.ms', 10_000, 1),
    apiTimeoutMs: integerKafkaOption(options, 'default.api.timeout.ms', 60_000),
    retryBackoffMs,
    retryBackoffMaxMs: Math.max(retryBackoffMs, integerKafkaOption(options, 'retry.backoff.max.ms', 1000, 1)),
    fetchMaxBytes: integerKafkaOption(options, 'fetch.max.bytes', 52_428_800, 1),
    maxPartitionFetchBytes: integerKafkaOption(options, 'max.partition.fetch.bytes', 1_048_576, 1),
  };
}
