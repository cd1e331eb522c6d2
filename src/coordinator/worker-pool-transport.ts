// The parallel backend's transport: a piscina pool of engine workers. Tasks carry
// shared buffers (SharedArrayBuffer), so chunks and the record index are never copied.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath } from "node:url";
import type { EncodeTask, EngineTask, GroupTask, MembershipTask, RecordsTask } from "../model/engine-tasks.js";
import type { EncodedChunk, RawChunk } from "../model/chunk-types.js";
import type { ExtractedRecordChunk } from "../records/extract-record-chunk.js";
import type { CodedMembership } from "../records/membership-rows.js";
import type { ItemMetrics } from "../model/group-types.js";
import { errorFromThread, UsageDeltaError } from "../model/errors.js";
import { packageDirectory } from "../model/package-directory.js";
import type { EngineTransport } from "./engine-transport.js";

/**
 * Each worker's young generation, capped at Node 20's default (48 MB). Node 24's default
 * (192 MB) held ~150 MB more at the peak of 1M default events on two workers (869 -> 717
 * MiB with the cap, CPU 0.98x; 10M: 2,906 -> 2,719 MiB, CPU ~1.01x; Node 20 and the
 * repetitive shape: unchanged). The workers' objects are short-lived
 * (spans and columns live in typed arrays), so a smaller nursery costs little.
 */
const WORKER_YOUNG_GENERATION_MB = 48;

/** A pool of `threads` workers. Piscina is loaded here, not with this module: a run on one thread never starts a pool (~10 ms of loading saved). */
export async function createWorkerPoolTransport(threads: number): Promise<EngineTransport> {
  const { Piscina } = await import("piscina");
  if (threads >= availableParallelism()) compileOnOwnThread();
  const pool = new Piscina({
    filename: workerScript(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  // A task's error arrives as the worker threw it (errors.ts: errorForThread).
  const run = <Result>(task: EngineTask): Promise<Result> =>
    (pool.run(task) as Promise<Result>).catch((error: unknown) => {
      throw errorFromThread(error);
    });
  let warmUp: RawChunk[] | undefined;
  return {
    partitions: threads,
    inFlight: threads * 2,
    extractRecords: (raw) => run<ExtractedRecordChunk>({ kind: "records", raw } satisfies RecordsTask),
    extractMembership: (raw) => run<CodedMembership>({ kind: "membership", raw } satisfies MembershipTask),
    encode: (raw, index, config) => run<EncodedChunk>({ kind: "encode", raw, index, config, warmUp } satisfies EncodeTask),
    warmUp: (chunks) => {
      warmUp = chunks.length > 0 ? chunks : undefined;
    },
    group: (chunks, config) => run<ItemMetrics>({ kind: "group", chunks, config } satisfies GroupTask),
    close: () => pool.destroy(),
  };
}

/**
 * V8 optimizes hot code in the background, on a helper thread, while the thread that
 * asked goes on running it unoptimized. When the pool fills every core, that helper
 * waits for a core, and each worker runs its first chunks (and the group partition's
 * loops, optimized on stack) slowly for longer. Then compiling on the worker's own thread
 * is faster: two threads on two cores, 1M events, aggregation phase ~3.2 -> ~3.0 s; at
 * 100k the group phase ~130 -> ~100 ms. With a core to spare the background helper costs
 * nothing, and one thread on two cores was ~40 ms slower without it (100k), so the
 * flags are set only when the pool takes every core. They are process-wide and read at
 * each compilation (unlike the collector's flags, which V8 does not allow to change).
 */
function compileOnOwnThread(): void {
  setFlagsFromString("--no-concurrent-osr");
  setFlagsFromString("--no-concurrent-recompilation");
}

/** The worker's file name in the bundle (scripts/bundle.mjs names it so). */
const BUNDLED_WORKER = "engine-worker.js";

// The compiled worker: in the bundle (dist/bundle/, what the installed command runs) the
// bundled worker beside this code; otherwise, compiled (dist/) or from source (tests), the
// one tsc wrote to dist/workers/.
function workerScript(): string {
  const bundled = join(dirname(fileURLToPath(import.meta.url)), BUNDLED_WORKER);
  if (existsSync(bundled)) return bundled;
  const script = join(packageDirectory(import.meta.url), "dist", "workers", "engine-worker.js");
  if (!existsSync(script)) throw new UsageDeltaError("INTERNAL", `worker script not built: ${script} (run npm run build)`);
  return script;
}
