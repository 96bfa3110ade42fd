// `npm run kafka -- start|stop|status|resolve|consumer-groups`: a single-node KRaft Apache Kafka broker from Maven Central jars, for development and tests.
//
// start     resolves org.apache.kafka:kafka_2.13 (+ kafka-tools) with its runtime dependencies into .cache/kafka/<version>/libs
//           (a generated pom and `mvn dependency:copy-dependencies`; downloaded once; when a release's kafka-tools is not on
//           Maven Central, as for 4.4.0, the broker alone, and the tools from 4.3.1), formats KRaft storage (one node that is
//           both broker and controller) under the state directory, starts `java -cp '<libs>/*' kafka.Kafka server.properties`
//           on free ports of 127.0.0.1 and waits until the broker answers. A stopped broker whose directory is still there is
//           started again with the same ports and data (so a test can stop and restart it mid-run).
// stop      stops the broker (SIGTERM, then SIGKILL after 30 s); --clean also deletes its directory.
// status    prints the bootstrap address, or "not running".
// resolve   only downloads the jars and prints the classpath.
// consumer-groups ARGS…  runs Kafka's own kafka-consumer-groups tool (ConsumerGroupCommand) against the broker.
//
// Flags: --version V (or env BROOK_KAFKA_VERSION; default 4.4.0, aliases '4' and '3.9' → 3.9.2), --dir D (state directory; default
// .cache/kafka/broker), --port N (fixed PLAINTEXT port), --json (print the state as JSON), --owner-pid P (a watchdog stops
// and deletes the broker when process P exits: used by the test setup so a killed test run leaves no broker behind),
// --timeout SECONDS (how long start waits for the broker; default 180).
//
// Broker settings: listeners PLAINTEXT (no auth), SASL_PLAINTEXT (PLAIN and SCRAM-SHA-256/512, user 'brook' password
// 'brook-secret'; for authentication tests) and CONTROLLER, all on 127.0.0.1; auto.create.topics.enable=false (a read
// of a missing topic must fail, not create it: brook's unknown-topic errors are tested against that); offsets and
// transaction state topics with replication 1, min ISR 1 and 5 partitions (fast to create); group.initial.rebalance.delay.ms=0.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const DEFAULT_KAFKA_VERSION = '4.4.0';
export const COMPAT_KAFKA_VERSION = '3.9.2';
const VERSION_ALIASES = { '4': DEFAULT_KAFKA_VERSION, '4.x': DEFAULT_KAFKA_VERSION, '3.9': COMPAT_KAFKA_VERSION, '3.x': COMPAT_KAFKA_VERSION };
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
export const SASL_USER = 'brook';
export const SASL_PASSWORD = 'brook-secret';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function say(text) {
  process.stderr.write(`[kafka] ${text}\n`);
}

function fail(text) {
  const error = new Error(text);
  error.name = 'KafkaScriptError';
  throw error;
}

/** The Kafka version to use: the flag, else BROOK_KAFKA_VERSION, else the default 4.x release. */
export function kafkaVersion(requested) {
  const raw = requested ?? process.env.BROOK_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
  const version = VERSION_ALIASES[raw] ?? raw;
  if (!/^\d+\.\d+\.\d+$/.test(version)) fail(`Invalid Kafka version '${raw}': expected e.g. 4.4.0 or 3.9.2`);
  return version;
}

/** A release whose kafka-tools is on Maven Central: the tools (kafka-consumer-groups) of a broker-only release come from it. */
export const TOOLS_FALLBACK_VERSION = '4.3.1';

function pomFor(version, withTools) {
  const dependency = (group, artifact, v, extra = '') =>
    `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${v}</version>${extra}</dependency>`;
  const logging = version.startsWith('3.') ? [] : [dependency('org.slf4j', 'slf4j-simple', '1.7.36')];
  const noToolsApi = '<exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>kafka-tools-api</artifactId></exclusion></exclusions>';
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>brook.dev</groupId><artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>',
    '  <dependencies>',
    withTools ? dependency('org.apache.kafka', 'kafka_2.13', version) : dependency('org.apache.kafka', 'kafka_2.13', version, noToolsApi),
    ...(withTools ? [dependency('org.apache.kafka', 'kafka-tools', version)] : []),
    ...logging,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

function runMaven(home, libs, version, withTools) {
  rmSync(libs, { recursive: true, force: true });
  writeFileSync(join(home, 'pom.xml'), pomFor(version, withTools));
  const mvn = process.env.MVN ?? 'mvn';
  const result = spawnSync(mvn, [
    '-B', '-q', '-f', join(home, 'pom.xml'), `${DEPENDENCY_PLUGIN}:copy-dependencies`,
    `-DoutputDirectory=${libs}`, '-DincludeScope=runtime',
  ], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) fail(`Could not run Maven ('${mvn}') to download Kafka ${version}: ${result.error.message}. Install Maven or set MVN.`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/**
 * Downloads Kafka's jars once into .cache/kafka/<version>/libs and returns that folder: kafka_2.13 and kafka-tools with
 * their runtime dependencies, or, for a release whose kafka-tools is not on Maven Central (4.4.0 at the time of
 * writing), the broker alone.
 */
export function resolveKafka(version) {
  const home = join(ROOT, '.cache', 'kafka', version);
  const libs = join(home, 'libs');
  const marker = join(libs, '.complete');
  if (existsSync(marker)) return libs;
  mkdirSync(home, { recursive: true });
  say(`resolving org.apache.kafka:kafka_2.13:${version} and its runtime dependencies from Maven Central into ${libs} …`);
  const full = runMaven(home, libs, version, true);
  if (!full.ok) {
    say(`kafka-tools ${version} could not be resolved: resolving the broker alone (tools come from ${TOOLS_FALLBACK_VERSION}) …`);
    const broker = runMaven(home, libs, version, false);
    // Maven's output is shown only when it failed (on stderr: stdout carries the state with --json)
    if (!broker.ok) fail(`Maven could not resolve Kafka ${version}:\n${full.output}\n${broker.output}`);
  }
  const jars = readdirSync(libs).filter((f) => f.endsWith('.jar'));
  if (!jars.includes(`kafka_2.13-${version}.jar`)) fail(`Maven finished but ${libs} has no kafka_2.13-${version}.jar`);
  writeFileSync(marker, `${jars.length} jars\n`);
  return libs;
}

/** The jars to run Kafka's command-line tools with for a broker version. */
function toolsLibs(version) {
  const libs = resolveKafka(version);
  return readdirSync(libs).some((f) => f.startsWith('kafka-tools-')) ? libs : resolveKafka(TOOLS_FALLBACK_VERSION);
}

function javaCommand() {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', 'java') : 'java';
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function portAnswers(port) {
  return new Promise((resolveAnswer) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok) => { socket.destroy(); resolveAnswer(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function serverProperties(config) {
  const { port, saslPort, controllerPort, dataDir } = config;
  const jaas = (module, extra) => `${module} required${extra};`;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},SASL_PLAINTEXT://127.0.0.1:${saslPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port},SASL_PLAINTEXT://127.0.0.1:${saslPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_plaintext.plain.sasl.jaas.config=${jaas('org.apache.kafka.common.security.plain.PlainLoginModule', ` username="${SASL_USER}" password="${SASL_PASSWORD}" user_${SASL_USER}="${SASL_PASSWORD}"`)}`,
    `listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=${jaas('org.apache.kafka.common.security.scram.ScramLoginModule', '')}`,
    `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${jaas('org.apache.kafka.common.security.scram.ScramLoginModule', '')}`,
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'num.network.threads=2',
    'num.io.threads=4',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=5',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.check.interval.ms=5000',
    '',
  ].join('\n');
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

function stateDir(dir) {
  return resolve(dir ?? join(ROOT, '.cache', 'kafka', 'broker'));
}

function stateOf(dir, config, pid) {
  return {
    pid,
    version: config.version,
    bootstrap: `127.0.0.1:${config.port}`,
    saslBootstrap: `127.0.0.1:${config.saslPort}`,
    controllerPort: config.controllerPort,
    dir,
    logFile: join(dir, 'broker.log'),
    classpath: join(config.libs, '*'),
  };
}

/** A random KRaft cluster id (16 bytes, base64url), never starting with '-' (the storage tool would read it as a flag). */
function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Creates the broker's configuration and formats its storage (first start in a directory). */
async function prepare(dir, version, libs, fixedPort) {
  const port = fixedPort ?? await freePort();
  let saslPort = await freePort();
  while (saslPort === port) saslPort = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port || controllerPort === saslPort) controllerPort = await freePort();
  const config = { version, libs, port, saslPort, controllerPort, dataDir: join(dir, 'data'), clusterId: clusterId() };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'server.properties'), serverProperties(config));
  writeFileSync(join(dir, 'log4j.properties'), [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n'));
  const scram = [];
  for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) scram.push('--add-scram', `${mechanism}=[name=${SASL_USER},password=${SASL_PASSWORD}]`);
  const format = spawnSync(javaCommand(), [
    ...jvmLogging(dir, version), '-cp', join(libs, '*'), 'kafka.tools.StorageTool',
    'format', '-t', config.clusterId, '-c', join(dir, 'server.properties'), ...scram,
  ], { encoding: 'utf8' });
  if (format.error) fail(`Could not run java to format Kafka's storage: ${format.error.message}. Install Java 17 or set JAVA_HOME.`);
  if (format.status !== 0) fail(`Formatting Kafka's storage failed (exit ${format.status}):\n${format.stdout}\n${format.stderr}`);
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

function jvmLogging(dir, version) {
  return version.startsWith('3.')
    ? [`-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`]
    : ['-Dorg.slf4j.simpleLogger.defaultLogLevel=info', '-Dorg.slf4j.simpleLogger.showDateTime=true'];
}

function tail(path, lines = 40) {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Waits until the broker answers a metadata request with itself registered. */
async function waitUntilReady(state, child, timeoutMs) {
  const { Kafka, logLevel } = await import('kafkajs');
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child?.on('exit', (code, signal) => { exited = { code, signal }; });
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited !== null || !isAlive(state.pid)) {
      fail(`Kafka exited during startup (${exited ? `code ${exited.code}, signal ${exited.signal}` : 'process gone'}); last log lines of ${state.logFile}:\n${tail(state.logFile)}`);
    }
    if (await portAnswers(Number(state.bootstrap.split(':')[1]))) {
      const admin = new Kafka({ brokers: [state.bootstrap], clientId: 'brook-kafka-script', logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length > 0) return;
        lastError = 'no broker registered yet';
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    await sleep(250);
  }
  fail(`Kafka did not answer on ${state.bootstrap} within ${Math.round(timeoutMs / 1000)} s (${lastError}); last log lines of ${state.logFile}:\n${tail(state.logFile)}`);
}

/** Starts (or restarts, or finds running) the broker of a state directory; returns its state. */
export async function startBroker({ dir, version: requested, port, ownerPid, timeoutMs = 180_000 } = {}) {
  const home = stateDir(dir);
  const running = readJson(join(home, 'broker.json'));
  if (running && isAlive(running.pid)) return running;
  let config = readJson(join(home, 'config.json'));
  const version = config?.version ?? kafkaVersion(requested);
  const libs = resolveKafka(version);
  toolsLibs(version); // downloaded now (once) rather than when a tool is first run
  if (config === undefined) config = await prepare(home, version, libs, port);
  else config = { ...config, libs };
  for (const p of [config.port, config.saslPort, config.controllerPort]) {
    if (await portAnswers(p)) fail(`Cannot start Kafka: port ${p} on 127.0.0.1 is already in use`);
  }
  const logFile = join(home, 'broker.log');
  const out = openSync(logFile, 'a');
  const child = spawn(javaCommand(), [
    '-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true',
    ...jvmLogging(home, version), '-cp', join(libs, '*'), 'kafka.Kafka', join(home, 'server.properties'),
  ], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  const state = stateOf(home, config, child.pid);
  writeFileSync(join(home, 'broker.json'), `${JSON.stringify(state, null, 2)}\n`);
  if (ownerPid !== undefined) startWatchdog(ownerPid, home);
  try {
    await waitUntilReady(state, child, timeoutMs);
  } catch (error) {
    await stopBroker({ dir: home });
    throw error;
  }
  return state;
}

function startWatchdog(ownerPid, home) {
  const watchdog = spawn(process.execPath, [fileURLToPath(import.meta.url), 'watchdog', '--owner-pid', String(ownerPid), '--dir', home], {
    detached: true, stdio: 'ignore',
  });
  watchdog.unref();
}

async function watchdog(ownerPid, home) {
  while (isAlive(ownerPid)) {
    if (!existsSync(join(home, 'broker.json')) && !existsSync(join(home, 'config.json'))) return;
    await sleep(2000);
  }
  await stopBroker({ dir: home, clean: true });
}

/** Stops the broker of a state directory (keeping its data for a restart unless `clean`). */
export async function stopBroker({ dir, clean = false } = {}) {
  const home = stateDir(dir);
  const state = readJson(join(home, 'broker.json'));
  if (state && isAlive(state.pid)) {
    const signal = (name) => {
      try { process.kill(-state.pid, name); } catch { try { process.kill(state.pid, name); } catch { /* gone */ } }
    };
    signal('SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isAlive(state.pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(state.pid)) signal('SIGKILL');
    while (isAlive(state.pid)) await sleep(50);
  }
  rmSync(join(home, 'broker.json'), { force: true });
  if (clean) rmSync(home, { recursive: true, force: true });
  return state;
}

function statusOf(dir) {
  const state = readJson(join(stateDir(dir), 'broker.json'));
  return state && isAlive(state.pid) ? state : undefined;
}

function parseFlags(argv) {
  const flags = {};
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const known = ['--version', '--dir', '--port', '--owner-pid', '--timeout'];
    if (known.includes(a)) flags[a.slice(2)] = argv[++i];
    else if (a === '--json' || a === '--clean') flags[a.slice(2)] = true;
    else rest.push(a);
  }
  return { flags, rest };
}

function print(state, json) {
  if (json) process.stdout.write(`${JSON.stringify(state)}\n`);
  else {
    process.stdout.write(`Kafka ${state.version} running (pid ${state.pid})\n`);
    process.stdout.write(`KAFKA_BOOTSTRAP_SERVERS=${state.bootstrap}\n`);
    process.stdout.write(`SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256/512, user ${SASL_USER}): ${state.saslBootstrap}\n`);
    process.stdout.write(`log: ${state.logFile}\n`);
  }
}

async function main(argv) {
  const [command, ...args] = argv;
  const { flags, rest } = parseFlags(args);
  const dir = flags.dir;
  switch (command) {
    case 'start': {
      const state = await startBroker({
        dir, version: flags.version, port: flags.port === undefined ? undefined : Number(flags.port),
        ownerPid: flags['owner-pid'] === undefined ? undefined : Number(flags['owner-pid']),
        timeoutMs: flags.timeout === undefined ? undefined : Number(flags.timeout) * 1000,
      });
      print(state, flags.json);
      return 0;
    }
    case 'stop': {
      const state = await stopBroker({ dir, clean: flags.clean === true });
      if (!flags.json) process.stdout.write(state ? `Kafka (pid ${state.pid}) stopped\n` : 'Kafka was not running\n');
      return 0;
    }
    case 'status': {
      const state = statusOf(dir);
      if (state) print(state, flags.json);
      else process.stdout.write(flags.json ? 'null\n' : 'Kafka is not running\n');
      return state ? 0 : 3;
    }
    case 'resolve': {
      process.stdout.write(`${join(resolveKafka(kafkaVersion(flags.version)), '*')}\n`);
      return 0;
    }
    case 'consumer-groups': {
      const state = statusOf(dir);
      const version = state?.version ?? kafkaVersion(flags.version);
      const libs = toolsLibs(version);
      const hasBootstrap = rest.includes('--bootstrap-server');
      if (!hasBootstrap && !state) fail('No broker is running here: start one or pass --bootstrap-server HOST:PORT');
      // the tool logs warnings only, to stderr, so its stdout is just the tool's answer
      const quiet = join(libs, '..', 'tools-log4j.properties');
      writeFileSync(quiet, 'log4j.rootLogger=WARN, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\n'
        + 'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n\n');
      const result = spawnSync(javaCommand(), [
        `-Dlog4j.configuration=file:${quiet}`, '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', join(libs, '*'),
        'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ...(hasBootstrap ? [] : ['--bootstrap-server', state.bootstrap]), ...rest,
      ], { stdio: 'inherit' });
      return result.status ?? 1;
    }
    case 'watchdog':
      await watchdog(Number(flags['owner-pid']), stateDir(dir));
      return 0;
    default:
      process.stderr.write('usage: npm run kafka -- start|stop|status|resolve|consumer-groups [--version 4.4.0|3.9.2] [--dir DIR] [--port N] [--json] [--clean]\n');
      return 2;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
    process.stderr.write(`[kafka] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
