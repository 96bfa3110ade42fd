// Test runner settings: the unit suite under test/, and the Kafka suite (test/kafka/) whose global setup starts one real broker.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/kafka/**'] } },
      // The broker starts only when a Kafka test file is selected (vitest runs a project's globalSetup only then).
      { extends: true, test: { name: 'kafka', include: ['test/kafka/**/*.test.ts'], globalSetup: ['test/kafka/global-setup.ts'] } },
    ],
  },
});
