import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn worker threads of their own; child processes isolate them best.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Starts one OpenSearch node for the whole run (or uses OPENSEARCH_URL).
    globalSetup: ['test/setup/opensearch.global-setup.ts'],
  },
});
