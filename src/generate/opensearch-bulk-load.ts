// Loads an NDJSON file into OpenSearch with `_bulk`: each line becomes an index
// operation (or is skipped), batches of a few MB go out several at a time through the
// bulk writer (src/opensearch/bulk-writer.ts: retries, 413 splitting, per-document
// failures), and the file is read only as fast as the server takes the batches.

import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Client } from "@opensearch-project/opensearch";
import { clientBulkSend } from "../opensearch/bulk-send.js";
import { writeBulk, type BulkFailure, type BulkOperation, type BulkWriteReport } from "../opensearch/bulk-writer.js";

export interface BulkLoadOptions {
  /** Bytes per request: large enough to amortize a request, small enough to stream. */
  batchBytes?: number;
  /** Requests in flight: the server indexes them on its write threads side by side. */
  concurrency?: number;
}

export const BULK_LOAD_DEFAULTS = { batchBytes: 8 * 2 ** 20, concurrency: 3 } as const;

export interface BulkLoadReport {
  lines: number;
  indexed: number;
  /** Documents the server refused (a strict mapping, a date that does not parse). */
  refused: number;
  /** Lines `toOperation` skipped. */
  skipped: number;
  /** The first refusals, with the server's reasons. */
  failures: BulkFailure[];
}

/** `toOperation`: the operation of one line (1-based number), or null to skip it; may wait (to create an index). */
export async function bulkLoadFile(
  client: Client,
  path: string,
  toOperation: (line: string, lineNumber: number) => BulkOperation | null | Promise<BulkOperation | null>,
  options: BulkLoadOptions = {},
): Promise<BulkLoadReport> {
  const { batchBytes, concurrency } = { ...BULK_LOAD_DEFAULTS, ...options };
  const send = clientBulkSend(client);
  const report: BulkLoadReport = { lines: 0, indexed: 0, refused: 0, skipped: 0, failures: [] };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const add = (result: BulkWriteReport) => {
    report.indexed += result.succeeded;
    report.refused += result.failed;
    report.failures.push(...result.failures.slice(0, Math.max(0, 100 - report.failures.length)));
  };
  const flush = async (batch: BulkOperation[]) => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    const request: Promise<void> = writeBulk(send, batch, { maxBatchBytes: Infinity })
      .then(add, (error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  let batch: BulkOperation[] = [];
  let bytes = 0;
  const lines = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const lineNumber = ++report.lines;
      if (line.trim() === "") continue;
      const operation = await toOperation(line, lineNumber);
      if (operation === null) {
        report.skipped++;
        continue;
      }
      batch.push(operation);
      bytes += operation.source.length + 64;
      if (bytes >= batchBytes) {
        await flush(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) await flush(batch);
  } finally {
    lines.close();
    await Promise.allSettled(inFlight);
  }
  if (failure !== undefined) throw failure;
  return report;
}
