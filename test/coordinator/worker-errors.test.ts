// What stops a worker's task reaches the coordinator as it was thrown there: a plain file
// that got shorter is invalid input (exit 65), a file gone is "no such file" (exit 65),
// through real worker threads, as on the in-process transport.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_TYPE } from "../../src/columnar/encoded-chunk.js";
import { createInProcessTransport, type EngineTransport } from "../../src/coordinator/engine-transport.js";
import { createWorkerPoolTransport } from "../../src/coordinator/worker-pool-transport.js";
import { describeError, EXIT } from "../../src/model/errors.js";
import type { RawChunk } from "../../src/model/chunk-types.js";

let dir: string;
const transports: Record<string, EngineTransport> = {};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-worker-errors-"));
  await writeFile(join(dir, "records.ndjson"), '{"id":"a"}\n');
  transports.workers = await createWorkerPoolTransport(1);
  transports["in process"] = createInProcessTransport();
});
afterAll(async () => {
  for (const transport of Object.values(transports)) await transport.close();
  await rm(dir, { recursive: true, force: true });
});

/** A records chunk naming bytes [start, end) of `path`. */
function rangeChunk(path: string, start: number, end: number): RawChunk {
  return {
    sequence: 0,
    format: "ndjson",
    source: path,
    fileType: EVENT_TYPE.view,
    firstLine: 1,
    lineCount: 0,
    bytes: new Uint8Array(0),
    file: { path, start, end, linesKnown: false },
  };
}

describe.each(["workers", "in process"])("a task's error, %s", (name) => {
  it("a file shorter than its range: invalid input, exit 65, its message", async () => {
    const path = join(dir, "records.ndjson");
    const error = await transports[name].extractRecords(rangeChunk(path, 0, 1000)).then(
      () => undefined,
      (e: unknown) => e,
    );
    const { message, exitCode } = describeError(error);
    expect(exitCode).toBe(EXIT.invalidInput);
    expect(message).toMatch(/^invalid input in .*records\.ndjson at line 1: the file got shorter during the run/);
  });

  it("a file gone: no such file, exit 65", async () => {
    const path = join(dir, "gone.ndjson");
    const error = await transports[name].extractRecords(rangeChunk(path, 0, 10)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeError(error)).toEqual({ message: `no such file: ${path}`, exitCode: EXIT.invalidInput });
  });
});
