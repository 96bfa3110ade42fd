// `npm run bench -- <scenario> [--key value …]`: runs one benchmark scenario and prints one JSON object.
import { nexmarkScenario } from './nexmark.js';
import { kafkaScenario, runKafkaLatencyReport } from './nexmark-kafka.js';
import { runKafkaPassthrough } from './kafka-passthrough.js';
import { runPipelineThroughput } from './pipeline-throughput.js';
import { runWindowedAggregation } from './windowed-aggregation.js';

const SCENARIOS: Record<string, (args: Readonly<Record<string, string>>) => Promise<unknown>> = {
  kafka: runKafkaPassthrough,
  pipeline: runPipelineThroughput,
  windowed: runWindowedAggregation,
  checkpoint: async (args) => (await import('./checkpoint-cost.js')).runCheckpointCost(args),
  'nexmark-q0': nexmarkScenario('q0'),
  'nexmark-q1': nexmarkScenario('q1'),
  'nexmark-q2': nexmarkScenario('q2'),
  'nexmark-q3': nexmarkScenario('q3'),
  'nexmark-q4': nexmarkScenario('q4'),
  'nexmark-q5': nexmarkScenario('q5'),
  'nexmark-q7': nexmarkScenario('q7'),
  'nexmark-q8': nexmarkScenario('q8'),
  'seed-windowed': nexmarkScenario('seed-windowed'),
  'kafka-nexmark-q0': kafkaScenario('q0'),
  'kafka-nexmark-q1': kafkaScenario('q1'),
  'kafka-nexmark-q2': kafkaScenario('q2'),
  'kafka-nexmark-q3': kafkaScenario('q3'),
  'kafka-nexmark-q4': kafkaScenario('q4'),
  'kafka-nexmark-q5': kafkaScenario('q5'),
  'kafka-nexmark-q7': kafkaScenario('q7'),
  'kafka-nexmark-q8': kafkaScenario('q8'),
  'kafka-seed-windowed': kafkaScenario('seed-windowed'),
  'kafka-latency': runKafkaLatencyReport,
};

function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      out[a.slice(2)] = next !== undefined && !next.startsWith('--') ? (i++, next) : 'true';
    }
  }
  return out;
}

const [scenario = 'pipeline', ...rest] = process.argv.slice(2);
const run = SCENARIOS[scenario];
if (!run) {
  process.stderr.write(`unknown scenario '${scenario}'; known: ${Object.keys(SCENARIOS).join(', ')}\n`);
  process.exit(2);
}
const result = await run(parseArgs(rest));
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
