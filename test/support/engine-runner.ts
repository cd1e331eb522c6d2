// Runs the real engine (any backend, any thread count) on a dataset held in memory, the
// way the reference implementation takes it, and returns what tests compare.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createInProcessTransport, type EngineTransport } from "../../src/coordinator/engine-transport.js";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { createFileEventSource, datasetFiles } from "../../src/sources/file-event-source.js";
import { createWorkerPoolTransport } from "../../src/coordinator/worker-pool-transport.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import type { ReferenceInput, ReferenceOptions, ReferenceReject } from "../reference/reference-aggregate.js";
import { writeDatasetFiles } from "../reference/write-dataset-files.js";
import { assertAccounting } from "./accounting.js";

export interface EngineSetup {
  name: string;
  backend: "memory" | "parallel";
  threads: number;
  /** Bounded-memory mode: a scan, then day windows of at most this many events. */
  windowEvents?: number;
}

export const ENGINE_SETUPS: readonly EngineSetup[] = [
  { name: "memory", backend: "memory", threads: 1 },
  { name: "parallel x1", backend: "parallel", threads: 1 },
  { name: "parallel x2", backend: "parallel", threads: 2 },
  { name: "parallel x3", backend: "parallel", threads: 3 },
  { name: "parallel x4", backend: "parallel", threads: 4 },
  { name: "memory, windows of 4 events", backend: "memory", threads: 1, windowEvents: 4 },
  { name: "parallel x2, windows of 10 events", backend: "parallel", threads: 2, windowEvents: 10 },
];

/** One transport per setup, shared by all runs of a test file (worker start-up is slow). */
export class EngineRunner {
  private readonly transports = new Map<string, EngineTransport>();

  async transport(setup: EngineSetup): Promise<EngineTransport> {
    const key = `${setup.backend} ${setup.threads}`;
    let transport = this.transports.get(key);
    if (transport === undefined) {
      transport = setup.backend === "memory" ? createInProcessTransport() : await createWorkerPoolTransport(setup.threads);
      this.transports.set(key, transport);
    }
    return transport;
  }

  async run(input: ReferenceInput, options: ReferenceOptions, setup: EngineSetup, chunkSize: number) {
    const dir = await mkdtemp(join(tmpdir(), "usage-delta-test-"));
    try {
      await writeDatasetFiles(input, dir);
      const rejects: ReferenceReject[] = [];
      const source = createFileEventSource(datasetFiles(dir));
      const { documents, summary } = await runAggregation(
        source,
        {
          start: options.start,
          end: options.end,
          communities: options.communities,
          backend: setup.backend,
          threads: setup.threads,
          chunkSize,
          windowEvents: setup.windowEvents,
          onInvalid: "skip",
          includeRobots: options.includeRobots ?? false,
          excludeMachines: options.excludeMachines ?? false,
          excludeApi: options.excludeApi ?? false,
          eventCommunitiesOnly: options.eventCommunitiesOnly ?? false,
        },
        {
          transport: await this.transport(setup),
          // The reference reports bad event lines only (bad record/membership lines are skipped there).
          onReject: (r) => {
            const file = basename(r.source);
            if (typeof r.line === "number" && (file === "views.ndjson" || file === "downloads.ndjson")) {
              rejects.push({ file: file === "views.ndjson" ? "views" : "downloads", line: r.line, reason: r.reason });
            }
          },
        },
      );
      assertAccounting(summary.counts, `${setup.name}, chunks of ${chunkSize}`);
      return { documents, rejects, summary };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.transports.values()].map((t) => t.close()));
    this.transports.clear();
  }
}

/** Documents without their `timestamp` (when they were computed): what must match. */
export function withoutTimestamps(documents: readonly UsageDeltaDocument[]): Omit<UsageDeltaDocument, "timestamp">[] {
  return documents.map(({ timestamp: _ignored, ...rest }) => rest);
}
