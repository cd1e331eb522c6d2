// Writes index operations with `_bulk` requests: batches cut by bytes, retries with
// exponential backoff on 429, 5xx and no answer (the whole request or single items;
// the policy of retry-policy.ts, shared with the reads),
// halves a batch the server finds too large (413), and collects the documents that
// failed for good without stopping the others. An abort signal (Ctrl-C) stops it between
// requests: what was answered stands, the rest is reported as not sent.

import { EXIT, UsageDeltaError } from "../model/errors.js";
import { bulkReason } from "./bulk-reason.js";
import type { BulkSend } from "./bulk-send.js";
import { backoffMs, isRetryableStatus, retryPolicy, sleep } from "./retry-policy.js";

export interface BulkOperation {
  index: string;
  /** Without an id the server assigns one (a new document each time). */
  id?: string;
  /** The document as JSON text. */
  source: string;
  /** Fail (404) unless `index` is an alias, rather than create a missing index. */
  requireAlias?: boolean;
}

export interface BulkWriterOptions {
  /** Largest request body; a single larger operation is still sent, alone. */
  maxBatchBytes?: number;
  /** Retries of a request (or of an item) before giving up on it. */
  maxRetries?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Failures kept with their reasons (all are counted). */
  maxReportedFailures?: number;
  /** After each answered request: operations done so far (tests, progress). */
  onProgress?: (done: number) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Stops sending (between requests and retries) once aborted. */
  signal?: AbortSignal;
}

export interface BulkFailure {
  index: string;
  id: string | undefined;
  /** HTTP status of the item (or of the request, 0 when no answer). */
  status: number;
  reason: string;
}

export interface BulkWriteReport {
  succeeded: number;
  failed: number;
  /** The first `maxReportedFailures` failures. */
  failures: BulkFailure[];
  requests: number;
  retries: number;
  /** Batches halved after a 413. */
  splits: number;
  /** Operations never answered because the signal stopped the writer; they come last in input order, except retries cut short (failures). */
  notSent: number;
}

export const BULK_WRITER_DEFAULTS = {
  maxBatchBytes: 5 * 2 ** 20,
  maxReportedFailures: 100,
} as const;

interface Entry {
  operation: BulkOperation;
  text: string;
  bytes: number;
}

interface BulkItemResult {
  status: number;
  error?: unknown;
}

export async function writeBulk(send: BulkSend, operations: Iterable<BulkOperation>, options: BulkWriterOptions = {}): Promise<BulkWriteReport> {
  const o = { ...BULK_WRITER_DEFAULTS, ...retryPolicy(), sleep, ...options };
  const report: BulkWriteReport = { succeeded: 0, failed: 0, failures: [], requests: 0, retries: 0, splits: 0, notSent: 0 };
  const stopped = () => o.signal?.aborted === true;
  const fail = (entry: Entry, status: number, reason: string) => {
    report.failed++;
    if (report.failures.length < o.maxReportedFailures) report.failures.push({ index: entry.operation.index, id: entry.operation.id, status, reason });
  };
  const backoff = async (attempt: number) => {
    report.retries++;
    await o.sleep(backoffMs(o, attempt));
  };

  const sendBatch = async (batch: Entry[]): Promise<void> => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0;) {
      if (stopped()) {
        // A retry cut short: these were sent and refused for now, so they failed (not "not sent").
        if (attempt > 0) for (const entry of pending) fail(entry, 0, "interrupted before its retry");
        else report.notSent += pending.length;
        return;
      }
      const response = await send(pending.map((entry) => entry.text).join(""));
      report.requests++;
      const status = response.statusCode;
      if (status === 413) {
        if (pending.length === 1) return fail(pending[0], 413, "the document alone is larger than the server accepts (413)");
        report.splits++;
        const half = Math.ceil(pending.length / 2);
        await sendBatch(pending.slice(0, half));
        return sendBatch(pending.slice(half));
      }
      if (isRetryableStatus(status)) {
        if (attempt >= o.maxRetries) {
          if (status === 0)
            throw gaveUp(
              response.error ?? new UsageDeltaError("OPENSEARCH", `cannot reach OpenSearch: ${String(response.body)}`, EXIT.unavailable),
              o.maxRetries,
            );
          for (const entry of pending) fail(entry, status, `bulk request failed after ${o.maxRetries} retries: ${bulkReason(response.body)}`);
          return;
        }
        await backoff(attempt++);
        continue;
      }
      if (status >= 300)
        throw (
          response.error ??
          new UsageDeltaError("OPENSEARCH", `OpenSearch refused a bulk request (HTTP ${status}): ${bulkReason(response.body)}`, EXIT.unavailable)
        );
      const items = bulkItems(response.body, pending.length);
      const again: Entry[] = [];
      items.forEach((item, i) => {
        if (item.status < 300) report.succeeded++;
        else if (isRetryableStatus(item.status) && attempt < o.maxRetries) again.push(pending[i]);
        else fail(pending[i], item.status, bulkReason({ error: item.error }));
      });
      o.onProgress?.(report.succeeded + report.failed);
      if (again.length > 0) await backoff(attempt++);
      pending = again;
    }
  };

  let batch: Entry[] = [];
  let batchBytes = 0;
  for (const operation of operations) {
    if (stopped()) {
      report.notSent++;
      continue;
    }
    const entry = toEntry(operation);
    if (batch.length > 0 && batchBytes + entry.bytes > o.maxBatchBytes) {
      await sendBatch(batch);
      batch = [];
      batchBytes = 0;
    }
    batch.push(entry);
    batchBytes += entry.bytes;
  }
  if (batch.length > 0) await sendBatch(batch);
  return report;
}

/** The last failure, saying that it was retried (as a read that gives up does). */
function gaveUp(error: UsageDeltaError, retries: number): UsageDeltaError {
  return new UsageDeltaError(error.code, `${error.message} (gave up after ${retries} retries)`, error.exitCode);
}

function toEntry(operation: BulkOperation): Entry {
  const action = {
    _index: operation.index,
    ...(operation.id === undefined ? {} : { _id: operation.id }),
    ...(operation.requireAlias === true ? { require_alias: true } : {}),
  };
  const text = `${JSON.stringify({ index: action })}\n${operation.source}\n`;
  return { operation, text, bytes: Buffer.byteLength(text) };
}

/** The per-item results of a bulk answer, one per operation sent, in order. */
function bulkItems(body: unknown, expected: number): BulkItemResult[] {
  const items = (body as { items?: Record<string, BulkItemResult>[] } | null)?.items;
  if (!Array.isArray(items) || items.length !== expected) {
    throw new UsageDeltaError(
      "OPENSEARCH",
      `unexpected bulk answer: ${expected} operations sent, ${Array.isArray(items) ? items.length : "no"} results`,
      EXIT.unavailable,
    );
  }
  return items.map((item) => Object.values(item)[0]);
}
