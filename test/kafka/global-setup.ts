// Vitest global setup of the Kafka suite: starts one real broker (scripts/kafka.mjs) unless KAFKA_BOOTSTRAP_SERVERS is set, provides its address, stops it afterwards.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the PLAINTEXT listener. */
    kafkaBootstrapServers: string;
    /** host:port of a SASL_PLAINTEXT listener (PLAIN and SCRAM-SHA-256/512, user brook / brook-secret), or '' when unknown. */
    kafkaSaslBootstrapServers: string;
    /** The broker's Kafka version, or 'external'. */
    kafkaVersion: string;
  }
}

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'kafka.mjs');

interface BrokerState {
  readonly bootstrap: string;
  readonly saslBootstrap: string;
  readonly version: string;
}

function runScript(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`scripts/kafka.mjs ${args.join(' ')} failed (exit ${code}):\n${err}`));
    });
  });
}

/** Starts the suite's broker (first run: downloads Kafka's jars with Maven, which may take minutes). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (external !== undefined && external !== '') {
    project.provide('kafkaBootstrapServers', external);
    project.provide('kafkaSaslBootstrapServers', process.env.KAFKA_SASL_BOOTSTRAP_SERVERS ?? '');
    project.provide('kafkaVersion', 'external');
    return async () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'brook-kafka-'));
  const out = await runScript(['start', '--dir', dir, '--json', '--owner-pid', String(process.pid), '--timeout', '900']);
  const state = JSON.parse(out.trim().split('\n').filter((line) => line.startsWith('{')).pop() ?? '') as BrokerState;
  process.env.KAFKA_BOOTSTRAP_SERVERS = state.bootstrap;
  process.env.KAFKA_SASL_BOOTSTRAP_SERVERS = state.saslBootstrap;
  project.provide('kafkaBootstrapServers', state.bootstrap);
  project.provide('kafkaSaslBootstrapServers', state.saslBootstrap);
  project.provide('kafkaVersion', state.version);
  return async () => {
    await runScript(['stop', '--dir', dir, '--clean']);
    delete process.env.KAFKA_BOOTSTRAP_SERVERS;
    delete process.env.KAFKA_SASL_BOOTSTRAP_SERVERS;
  };
}
