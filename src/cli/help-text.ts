// The `--help` texts of `brook` and of each command.
import type { CommandName } from './cli-args.js';

const EXIT_CODES_TEXT = `Exit codes:
  0    success (also when Ctrl-C or SIGTERM stopped the queries cleanly)
  1    the script is invalid, or a query failed because of what it says
  2    command-line usage error
  3    a query failed outside brook (Kafka broker, file system)
  4    internal error (a bug: please report it)
  130  a second Ctrl-C ended brook without waiting for the current batch
`;

export const MAIN_HELP = `brook — structured streaming SQL for Node.js

Usage:
  brook run <file.sql>      run every INSERT INTO of the file as a streaming query
  brook explain <file.sql>  print the plan of every INSERT INTO (and EXPLAIN statements)
  brook check <file.sql>    parse and plan the file without reading any data
  brook generate <nexmark|sales> --bootstrap-servers HOST:PORT --topic TOPIC
                            write a built-in generator's events to a Kafka topic (docs/cli-generate.md)
  brook --version           print the version
  brook <command> --help    the options of a command

Variables: \${NAME} and \${NAME:-default} in the file come from --var NAME=value or the environment.
The SQL brook reads is described in docs/sql.md.

${EXIT_CODES_TEXT}`;

const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  run: `Usage: brook run <file.sql> [options]

Runs the statements of the file in order; every INSERT INTO starts a streaming query, and all of them run in this
process until they end (--once, --available-now) or Ctrl-C stops them: the batch in progress finishes, its
checkpoint is committed, then brook exits. A second Ctrl-C exits at once.

Options:
  --var NAME=VALUE        set \${NAME} (repeatable; wins over the environment)
  --available-now         process what is available now, then stop (Trigger.AvailableNow) — for every query
  --once                  run one micro-batch per query, then stop (Trigger.Once)
  --checkpoint-dir DIR    checkpointLocation of each query: DIR/<query name> (unless the file sets one)
  --progress FORMAT       table: a live view refreshed in place (default on a terminal)
                          json:  one JSON progress object per batch on stdout (default when piped)
                          none:  no progress output
  -h, --help              this text

${EXIT_CODES_TEXT}`,
  explain: `Usage: brook explain <file.sql> [options]

Plans every INSERT INTO of the file without starting it and prints its physical plan, the output mode and trigger
it would run with; EXPLAIN statements in the file print too.

Options:
  --var NAME=VALUE        set \${NAME} (repeatable; wins over the environment)
  --verbose               print the analyzed and optimized logical plans too (like EXPLAIN VERBOSE)
  -h, --help              this text

${EXIT_CODES_TEXT}`,
  check: `Usage: brook check <file.sql> [options]

Parses the file and plans every statement (tables, views, INSERT INTO with its output mode) without reading data.
Prints "ok" and exits 0 when the file is valid; prints the error with its line and column and exits 1 when not.

Options:
  --var NAME=VALUE        set \${NAME} (repeatable; wins over the environment)
  -h, --help              this text

${EXIT_CODES_TEXT}`,
  generate: `Usage: brook generate <nexmark|sales> --bootstrap-servers HOST:PORT --topic TOPIC [options]

Writes the events of a built-in generator to a Kafka topic, with a brook query: nexmark writes each event as JSON in
the record value ({"event_type":2,"bid":{...},"date_time":"..."}), sales writes key = event id and value = the event
as JSON. Record timestamps are the producer's send time. At the end one JSON object sums up the run on stdout:
{"generator","topic","partitions","events","seconds","eventsPerSecond","endOffsets":{"<partition>":offset,...}}.
Without --events it runs until Ctrl-C or SIGTERM: the batch in progress is written, then the summary is printed.

Options:
  --bootstrap-servers H:P   the Kafka brokers (host:port[,host:port...]; required)
  --topic TOPIC             the topic (required); created when missing, an existing topic is used as it is
  --events N                total events (default: unbounded, until Ctrl-C / SIGTERM)
  --rate R                  events per second of event time, and of wall-clock time when paced (default 10000)
  --no-pace                 write as fast as possible (needs --events); event time still advances R events a second
  --partitions P            partitions of the topic when it is created (default 2)
  --seed S                  the generator's seed (default 42)
  --start-timestamp MS      epoch milliseconds of event 0 (default: now; sales keeps whole seconds)
  --batch B                 events per micro-batch at most (default 10000; paced: what is due, up to B)
  --exactly-once            one Kafka transaction per batch (the Kafka sink's exactlyOnce option)
  --progress FORMAT         json: one JSON progress object per batch on stderr; none (default)
  --api-timeout-ms MS       how long Kafka calls retry an unreachable broker (kafka.default.api.timeout.ms, default 60000)
  --option kafka.NAME=VALUE a Kafka client setting for the sink and the admin client (repeatable), e.g.
                            --option kafka.security.protocol=SASL_SSL
  -h, --help                this text

Exit codes: 0 done (also after Ctrl-C / SIGTERM); 2 a usage error (also a bad --option or topic name);
3 Kafka failed (unreachable brokers, topic creation refused); 4 internal error; 130 a second Ctrl-C.
`,
};

/** The help of one command, or the main help. */
export function helpText(command?: CommandName): string {
  return command === undefined ? MAIN_HELP : COMMAND_HELP[command];
}
