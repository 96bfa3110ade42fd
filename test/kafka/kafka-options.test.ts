// The kafka.* client options without a broker: TLS files (PEM, PKCS12), host name checks, SASL, timeouts, and secret redaction.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSecretOption, parseKafkaClientConfig, redactKafkaOptions } from '../../src/sources/kafka/kafka-options.js';

const dir = mkdtempSync(join(tmpdir(), 'brook-kafka-options-'));
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('kafka.* client options', () => {
  it('reads PEM trust and key stores, a PKCS12 key store, and turns host name checks off with an empty algorithm', () => {
    writeFileSync(join(dir, 'ca.pem'), PEM);
    writeFileSync(join(dir, 'client.pem'), `${PEM}-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n`);
    writeFileSync(join(dir, 'client.p12'), Buffer.from([1, 2, 3]));
    const pem = parseKafkaClientConfig({
      'kafka.bootstrap.servers': 'b1:9093,b2:9093', 'kafka.security.protocol': 'SSL',
      'kafka.ssl.truststore.location': join(dir, 'ca.pem'), 'kafka.ssl.keystore.location': join(dir, 'client.pem'), 'kafka.ssl.keystore.type': 'PEM',
      'kafka.ssl.endpoint.identification.algorithm': '',
    }, 'source', 'brook-q');
    expect(pem.bootstrapServers).toEqual(['b1:9093', 'b2:9093']);
    expect(pem.tls?.ca).toEqual([PEM]);
    expect(pem.tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(pem.tls?.key).toContain('BEGIN PRIVATE KEY');
    expect(pem.tls?.checkHostName).toBe(false);
    expect(pem.sasl).toBeUndefined();
    const p12 = parseKafkaClientConfig({
      'kafka.bootstrap.servers': 'b1:9093', 'kafka.security.protocol': 'SASL_SSL', 'kafka.ssl.keystore.location': join(dir, 'client.p12'),
      'kafka.ssl.keystore.type': 'PKCS12', 'kafka.ssl.keystore.password': 'pw', 'kafka.sasl.mechanism': 'SCRAM-SHA-512',
      'kafka.sasl.jaas.config': "org.apache.kafka.common.security.scram.ScramLoginModule required username='alice' password=\"a\\\"b\";",
    }, 'sink', 'brook-q');
    expect([...(p12.tls?.pfx ?? [])]).toEqual([1, 2, 3]);
    expect(p12.tls?.passphrase).toBe('pw');
    expect(p12.tls?.checkHostName).toBe(true);
    expect(p12.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'alice', password: 'a"b' });
    expect(() => parseKafkaClientConfig({ 'kafka.bootstrap.servers': 'b:1', 'kafka.security.protocol': 'SSL', 'kafka.ssl.truststore.type': 'JKS' }, 'source', 'x'))
      .toThrow("Unsupported value 'JKS' for option 'kafka.ssl.truststore.type': brook reads PEM trust stores (convert a JKS or PKCS12 one with keytool/openssl)");
    expect(() => parseKafkaClientConfig({ 'kafka.bootstrap.servers': 'b:1', 'kafka.security.protocol': 'SSL', 'kafka.ssl.truststore.location': join(dir, 'missing.pem') }, 'source', 'x'))
      .toThrow(`Cannot read the file of option 'kafka.ssl.truststore.location' (${join(dir, 'missing.pem')})`);
  });

  it('takes client id, timeouts and fetch sizes from kafka.* options, with Kafka-like defaults', () => {
    const defaults = parseKafkaClientConfig({ 'kafka.bootstrap.servers': 'h:9092' }, 'source', 'brook-q1');
    expect(defaults).toEqual({
      bootstrapServers: ['h:9092'], clientId: 'brook-q1', tls: undefined, sasl: undefined, requestTimeoutMs: 30_000, connectionTimeoutMs: 10_000,
      apiTimeoutMs: 60_000, retryBackoffMs: 100, retryBackoffMaxMs: 1000, fetchMaxBytes: 52_428_800, maxPartitionFetchBytes: 1_048_576,
    });
    const given = parseKafkaClientConfig({
      'kafka.bootstrap.servers': 'h:9092', 'kafka.client.id': 'mine', 'kafka.request.timeout.ms': '5000', 'kafka.default.api.timeout.ms': '0',
      'kafka.retry.backoff.ms': '50', 'kafka.retry.backoff.max.ms': '20', 'kafka.max.partition.fetch.bytes': '4096',
    }, 'source', 'brook-q1');
    expect([given.clientId, given.requestTimeoutMs, given.apiTimeoutMs, given.retryBackoffMs, given.retryBackoffMaxMs, given.maxPartitionFetchBytes])
      .toEqual(['mine', 5000, 0, 50, 50, 4096]);
    expect(() => parseKafkaClientConfig({ 'kafka.bootstrap.servers': 'h:9092', 'kafka.request.timeout.ms': 'soon' }, 'source', 'x'))
      .toThrow("Invalid value 'soon' for option 'kafka.request.timeout.ms': it must be an integer >= 1");
  });

  it('knows which options are secrets and redacts them', () => {
    expect(['kafka.sasl.jaas.config', 'kafka.ssl.keystore.password', 'kafka.ssl.key.password', 'kafka.ssl.keystore.key', 'kafka.ssl.truststore.password'].every(isSecretOption)).toBe(true);
    expect(['kafka.bootstrap.servers', 'subscribe', 'kafka.ssl.keystore.location', 'kafka.sasl.mechanism'].some(isSecretOption)).toBe(false);
    expect(redactKafkaOptions({ subscribe: 't', 'kafka.sasl.jaas.config': 'x password="p";' })).toEqual({ subscribe: 't', 'kafka.sasl.jaas.config': '*****' });
  });
});
