// Engine options for tests: the one-thread memory backend with the CLI's defaults for
// everything else; each test states only what it changes.

import type { EngineOptions } from "../../src/coordinator/run-aggregation.js";

export function testEngineOptions(changes: Partial<EngineOptions> = {}): EngineOptions {
  return {
    backend: "memory",
    threads: 1,
    chunkSize: 1000,
    onInvalid: "skip",
    includeRobots: false,
    excludeMachines: false,
    excludeApi: false,
    ...changes,
  };
}
