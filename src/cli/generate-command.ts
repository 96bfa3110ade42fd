// `brook generate`: writes a built-in generator's events (nexmark, sales) to a Kafka topic with a brook query, and sums up what it wrote.
//
//   check the options; make sure the topic exists (created with P partitions when missing)
//   query = readStream.format(nexmark | sales)                     (rowsPerSecond, paced, totalEvents, maxEventsPerTrigger, seed, startTimestamp)
//             .selectExpr(nexmark: to_json(struct(*)) AS value | sales: key, value)
//             .writeStream.format('kafka')                          (topic, kafka.*, exactlyOnce)
//   unpaced (needs events): Trigger.AvailableNow, the query ends by itself after the last event
//   paced: the default trigger; each progress report's source end offset {startMs, rows} tells how many events are
//          written; at rows = events (or on abort) the query is stopped gracefully (the batch in progress finishes)
//   summary: events written, wall-clock seconds of the query, and the topic's end offsets read back from Kafka
import type { DataFrame } from '../api/data-frame.js';
import { Session } from '../api/session.js';
import { BrookError, userError } from '../common/errors.js';
import type { StreamingQueryListener, StreamingQueryProgress } from '../runtime/progress.js';
import type { StreamingQuery } from '../runtime/streaming-query.js';
import { parseKafkaSinkOptions } from '../sinks/kafka/kafka-sink.js';
import { parseKafkaClientConfig } from '../sources/kafka/kafka-options.js';
import { KafkajsClient } from '../sources/kafka/kafkajs-client.js';
import type { GenerateArgs, GeneratorName } from './cli-args.js';
import { formatError } from './error-report.js';
import { EXIT_CODES } from './exit-codes.js';
import { checkTopicName, ensureTopic } from './kafka-topic.js';
import type { CliStreams } from './run-command.js';

/** What to generate and where to write it; only generator, bootstrapServers and topic are required. */
export interface GenerateOptions {
  readonly generator: GeneratorName;
  /** host:port[,host:port…] */
  readonly bootstrapServers: string;
  readonly topic: string;
  /** Total events; undefined: unbounded, until `signal` aborts (needs paced). */
  readonly events?: number;
  /** Events per second of event time, and of wall-clock time when paced (default 10000). */
  readonly rate?: number;
  /** false: as fast as possible (needs `events`); default true. */
  readonly paced?: boolean;
  /** Partitions of the topic when it has to be created (default 2); an existing topic is used as it is. */
  readonly partitions?: number;
  readonly seed?: number;
  /** Epoch milliseconds of event 0 (default: the query's start); the sales generator keeps whole seconds. */
  readonly startTimestampMs?: number;
  /** Events per micro-batch at most (default 10000). */
  readonly batch?: number;
  /** One Kafka transaction per batch (the Kafka sink's exactlyOnce option). */
  readonly exactlyOnce?: boolean;
  /** kafka.* client settings for the sink and the admin client, e.g. { 'kafka.default.api.timeout.ms': '5000' }. */
  readonly kafkaOptions?: Readonly<Record<string, string>>;
  /** Called with each micro-batch's progress report. */
  readonly onProgress?: (progress: StreamingQueryProgress) => void;
  /** Aborting stops the query gracefully: the batch in progress is written, then the summary is made. */
  readonly signal?: AbortSignal;
}

/** What `brook generate` prints at the end (one JSON object). */
export interface GenerateSummary {
  readonly generator: GeneratorName;
  readonly topic: string;
  readonly partitions: number;
  /** Events written by this run. */
  readonly events: number;
  /** Wall-clock seconds from the query's start to its end. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** The topic's end offset per partition after writing (with exactlyOnce, transaction markers count too). */
  readonly endOffsets: Readonly<Record<string, number>>;
}

interface Resolved {
  readonly generator: GeneratorName;
  readonly topic: string;
  readonly events: number | undefined;
  readonly rate: number;
  readonly paced: boolean;
  readonly partitions: number;
  readonly seed: number;
  readonly startTimestampMs: number | undefined;
  readonly batch: number;
  readonly exactlyOnce: boolean;
  readonly kafkaOptions: Readonly<Record<string, string>>;
}

function invalid(message: string): BrookError {
  return userError('INVALID_GENERATE_OPTION', message);
}

function checkInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw invalid(`Option '${name}' of generate must be an integer >= ${min}, got ${value}`);
  }
}

/** The options with their defaults, checked (user errors name the option and the value). */
function resolveOptions(o: GenerateOptions): Resolved {
  if (o.generator !== 'nexmark' && o.generator !== 'sales') throw invalid(`Unknown generator '${String(o.generator)}': choose nexmark or sales`);
  if (o.bootstrapServers.trim() === '') throw invalid("Option 'bootstrapServers' of generate must name at least one broker (host:port)");
  checkTopicName(o.topic);
  checkInteger('events', o.events, 1);
  checkInteger('rate', o.rate, 1);
  checkInteger('partitions', o.partitions, 1);
  checkInteger('seed', o.seed, Number.MIN_SAFE_INTEGER);
  checkInteger('startTimestampMs', o.startTimestampMs, 0);
  checkInteger('batch', o.batch, 1);
  const paced = o.paced ?? true;
  if (!paced && o.events === undefined) throw invalid("Option paced=false of generate needs option 'events': writing as fast as possible must have an end");
  return {
    generator: o.generator,
    topic: o.topic,
    events: o.events,
    rate: o.rate ?? 10_000,
    paced,
    partitions: o.partitions ?? 2,
    seed: o.seed ?? 42,
    startTimestampMs: o.startTimestampMs,
    batch: o.batch ?? 10_000,
    exactlyOnce: o.exactlyOnce ?? false,
    kafkaOptions: { ...o.kafkaOptions, 'kafka.bootstrap.servers': o.bootstrapServers },
  };
}

/** The generator's rows as the Kafka records to write: nexmark → value = the event as JSON; sales → key = event id, value = the seed JSON. */
function generatorFrame(session: Session, o: Resolved): DataFrame {
  const reader = session.readStream.format(o.generator)
    .option('rowsPerSecond', o.rate).option('paced', o.paced).option('seed', o.seed).option('maxEventsPerTrigger', o.batch);
  if (o.events !== undefined) reader.option('totalEvents', o.events);
  switch (o.generator) {
    case 'nexmark':
      if (o.startTimestampMs !== undefined) reader.option('startTimestamp', o.startTimestampMs);
      return reader.option('table', 'events').load().selectExpr('to_json(struct(*)) AS value');
    case 'sales':
      // the sales generator counts event time in epoch seconds
      if (o.startTimestampMs !== undefined) reader.option('startTimestamp', Math.floor(o.startTimestampMs / 1000));
      return reader.option('output', 'json').load().selectExpr('key', 'value');
  }
}

/** The events written so far according to a progress report: the `rows` of the generator's end offset. */
function rowsWritten(progress: StreamingQueryProgress): number | undefined {
  const end = progress.sources[0]?.endOffset;
  if (end === null || end === undefined) return undefined;
  const parsed = JSON.parse(end) as { rows?: unknown };
  return typeof parsed.rows === 'number' ? parsed.rows : undefined;
}

/**
 * Runs the generator query until it has written `events` (or until `signal` aborts), then stops it gracefully and
 * resolves to the summary; rejects with the query's BrookError (KAFKA_UNAVAILABLE names the bootstrap servers).
 */
async function runGeneratorQuery(session: Session, o: Resolved, options: GenerateOptions): Promise<{ events: number; seconds: number }> {
  let written = 0;
  let query: StreamingQuery | undefined;
  let stopRequested = false;
  const requestStop = (): void => {
    stopRequested = true;
    if (query !== undefined) void query.stop();
  };
  const listener: StreamingQueryListener = {
    onQueryProgress: ({ progress }) => {
      written = rowsWritten(progress) ?? written;
      options.onProgress?.(progress);
      if (o.events !== undefined && written >= o.events) requestStop();
    },
  };
  session.streams.addListener(listener);
  options.signal?.addEventListener('abort', requestStop, { once: true });
  const writer = generatorFrame(session, o).writeStream.format('kafka').queryName(`brook-generate-${o.generator}`)
    .options(o.kafkaOptions).option('topic', o.topic).option('exactlyOnce', o.exactlyOnce);
  const started = performance.now();
  try {
    query = await (o.paced ? writer : writer.trigger({ availableNow: true })).start();
    if (stopRequested || options.signal?.aborted === true) requestStop();
    await query.awaitTermination();
    return { events: written, seconds: (performance.now() - started) / 1000 };
  } finally {
    options.signal?.removeEventListener('abort', requestStop);
    session.streams.removeListener(listener);
  }
}

/**
 * Writes a built-in generator's events to a Kafka topic with a brook query (nexmark: value = the event as JSON, e.g.
 * {"event_type":2,"bid":{…},"date_time":"…"}; sales: key = event id, value = the seed's event JSON), creating the topic
 * when it does not exist, and resolves to a summary with the topic's end offsets. Records carry the producer's send
 * time (CreateTime). User errors (options) are BrookErrors of domain 'user'; Kafka failures of domain 'external'.
 * @example
 * const summary = await generateToKafka({ generator: 'nexmark', bootstrapServers: 'localhost:9092', topic: 'nexmark',
 *   events: 1_000_000, paced: false, partitions: 4 });
 * console.log(summary.eventsPerSecond, summary.endOffsets); // e.g. 61234 { '0': 250000, '1': 250000, … }
 */
export async function generateToKafka(options: GenerateOptions): Promise<GenerateSummary> {
  const o = resolveOptions(options);
  // the sink's own checks (unsupported kafka.* options, bad values) before anything reaches the broker
  const config = parseKafkaClientConfig(o.kafkaOptions, 'sink', 'brook-generate');
  parseKafkaSinkOptions({ ...o.kafkaOptions, topic: o.topic, exactlyOnce: String(o.exactlyOnce) }, 'generate');
  const client = new KafkajsClient(config);
  const session = new Session('brook generate');
  try {
    const topic = await ensureTopic(client, config, o.topic, o.partitions);
    const { events, seconds } = await runGeneratorQuery(session, o, options);
    const ends = await client.listOffsets(topic.partitions.map((partition) => ({ topic: o.topic, partition })), { kind: 'latest' });
    const endOffsets: Record<string, number> = {};
    for (const end of ends) endOffsets[String(end.partition)] = end.offset ?? 0;
    // the rate is computed from the seconds as printed, so the two figures agree
    const shownSeconds = Math.round(seconds * 1000) / 1000;
    return {
      generator: o.generator,
      topic: o.topic,
      partitions: topic.partitions.length,
      events,
      seconds: shownSeconds,
      eventsPerSecond: shownSeconds > 0 ? Math.round(events / shownSeconds) : 0,
      endOffsets,
    };
  } finally {
    await session.stop();
    await client.close();
  }
}

/** The exit code of a failed generate: the options are all from the command line, so a user error is a usage error. */
function exitCodeOfGenerate(error: unknown): number {
  if (!(error instanceof BrookError)) return EXIT_CODES.internal;
  switch (error.domain) {
    case 'user': return EXIT_CODES.usage;
    case 'external': return EXIT_CODES.external;
    case 'internal': return EXIT_CODES.internal;
  }
}

/**
 * `brook generate` with parsed arguments: JSON progress lines on stderr when asked, the summary as one JSON object on
 * stdout; Ctrl-C / SIGTERM stop after the batch in progress (a second one exits at once with 130).
 * @example process.exitCode = await generateCommand(parseCliArgs(argv).generate!, { stdout: process.stdout, stderr: process.stderr })
 */
export async function generateCommand(args: GenerateArgs, io: CliStreams): Promise<number> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      io.stderr.write('brook: stopping now, without waiting for the current batch\n');
      process.exit(EXIT_CODES.interrupted);
    }
    io.stderr.write('brook: stopping: the batch in progress is written, then the summary is printed (Ctrl-C again to exit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { progress, ...options } = args;
  try {
    const summary = await generateToKafka({
      ...options,
      ...(progress === 'json' ? { onProgress: (p: StreamingQueryProgress) => { io.stderr.write(`${JSON.stringify(p)}\n`); } } : {}),
      signal: controller.signal,
    });
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    io.stderr.write(`brook generate: ${formatError(error, undefined)}`);
    return exitCodeOfGenerate(error);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
