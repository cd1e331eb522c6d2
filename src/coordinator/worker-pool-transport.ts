// The parallel backend's transport: a piscina pool of engine workers. Tasks carry
// shared buffers (SharedArrayBuffer), so chunks and the record index are never copied.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { EncodeTask, GroupTask, RecordsTask } from "../../workers/engine-tasks.js";
import type { EncodedChunk } from "../enrich/chunk-types.js";
import type { ExtractedRecordChunk } from "../enrich/extract-record-chunk.js";
import type { ItemMetrics } from "../group/group-partition.js";
import { UsageDeltaError } from "../model/errors.js";
import type { EngineTransport } from "./engine-transport.js";

export function createWorkerPoolTransport(threads: number): EngineTransport {
  // A worker's long loops (a group partition runs once per worker) are optimized on
  // stack (OSR). Compiled in the background, that code waits for a free core while the
  // worker goes on unoptimized; when the pool fills every core there is none. Compiling
  // it on the worker's own thread made two-thread group phases ~25% shorter (100k events)
  // and cost one thread nothing (measured). The flag is process-wide, read at each OSR.
  setFlagsFromString("--no-concurrent-osr");
  const pool = new Piscina({
    filename: workerScript(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    partitions: threads,
    inFlight: threads * 2,
    extractRecords: (raw) => pool.run({ kind: "records", raw } satisfies RecordsTask) as Promise<ExtractedRecordChunk>,
    encode: (raw, index, config) => pool.run({ kind: "encode", raw, index, config } satisfies EncodeTask) as Promise<EncodedChunk>,
    group: (chunks, config) => pool.run({ kind: "group", chunks, config } satisfies GroupTask) as Promise<ItemMetrics>,
    close: () => pool.destroy(),
  };
}

// The compiled worker, whether this module runs compiled (dist/) or from source (tests).
function workerScript(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  const script = join(directory, "dist", "workers", "engine-worker.js");
  if (!existsSync(script)) throw new UsageDeltaError("INTERNAL", `worker script not built: ${script} (run npm run build)`);
  return script;
}
