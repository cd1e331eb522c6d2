import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests spawn worker threads of their own; child processes isolate them best.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Rebuilds dist/ when a source is newer (tests run the compiled CLI and workers), then
    // starts one OpenSearch node for the whole run (or uses OPENSEARCH_URL).
    globalSetup: ["test/setup/build-dist.global-setup.ts", "test/setup/opensearch.global-setup.ts"],
  },
});
