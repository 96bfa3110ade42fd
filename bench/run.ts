// `npm run bench -- <scenario> [--key value …]`: runs one benchmark scenario and prints one JSON object.
import { runPipelineThroughput } from './pipeline-throughput.js';
import { runWindowedAggregation } from './windowed-aggregation.js';

const SCENARIOS: Record<string, (args: Readonly<Record<string, string>>) => Promise<unknown>> = {
  pipeline: runPipelineThroughput,
  windowed: runWindowedAggregation,
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
