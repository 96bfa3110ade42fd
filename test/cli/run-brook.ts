// Runs the brook CLI from the TypeScript sources, as bin/brook.js runs the build (tests spawn it with node --import tsx).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
