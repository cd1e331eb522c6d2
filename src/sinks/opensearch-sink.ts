// The OpenSearch sink (`--sink opensearch`): the documents into the dashboard's yearly
// indices (opensearch-documents.ts), overwritten by id, so a run never replaces the output
// whole; its bookmarks in the dashboard's bookmark index, its lock and run record in
// `<prefix>usage-delta-locks`. A dry run says where the documents would go and keeps
// nothing. Once the report is printed and the bookmarks moved, the run fails when any
// document was not written (exit 130 when Ctrl-C cut it short).

import type { Client } from "@opensearch-project/opensearch";
import { documentId, type UsageDeltaDocument } from "../model/document.js";
import { EXIT, UsageDeltaError, UsageError } from "../model/errors.js";
import { pauseForTest } from "../model/test-pause.js";
import { isRetryableStatus } from "../opensearch/retry-policy.js";
import { usageDeltaAlias } from "../opensearch/usage-delta-names.js";
import { openSearchBookmarkStore } from "./bookmarks-opensearch.js";
import type { DocumentSink, OutputState, SinkOptions } from "./document-sink.js";
import { readCommunityDocumentsOpenSearch } from "./document-days-opensearch.js";
import { writeDocumentsOpenSearch, type OpenSearchSinkReport } from "./opensearch-documents.js";
import { formatOpenSearchReport } from "./opensearch-summary.js";
import { lockDocumentId, lockExpired, lockIndexName, openSearchLockSlot, readLockDocument } from "./output-lock-opensearch.js";
import { readRunRecordOpenSearch, writeRunRecordOpenSearch } from "./run-record-opensearch.js";
import { formatCount } from "../model/format-count.js";

export async function openOpenSearchSink(options: SinkOptions): Promise<DocumentSink> {
  const prefix = options.indexPrefix;
  const client: Client | undefined = options.dryRun ? undefined : await options.cluster();
  return {
    destination: options.dryRun ? "nowhere (dry run)" : `OpenSearch ${usageDeltaAlias(prefix)}`,
    rejectsBeside: options.out === "-" ? undefined : options.out,
    bookmarks: client === undefined ? undefined : openSearchBookmarkStore(client, prefix),
    noBookmarks: "--since-bookmark goes without --dry-run (a dry run moves no bookmark)",
    replacesOutput: false,
    lock:
      client === undefined
        ? undefined
        : {
            slot: async () => openSearchLockSlot(client, prefix, options.onLockProblem),
            writeRunRecord: (record) => writeRunRecordOpenSearch(client, prefix, record),
          },
    async write(documents, { interrupts, onProgress }) {
      await pauseForTest("write", interrupts);
      const report = await writeDocumentsOpenSearch(client, documents, { prefix, dryRun: options.dryRun, bulk: { signal: interrupts, onProgress } });
      return {
        written: report.written,
        outcome: report.notSent > 0 ? "interrupted" : "done",
        notWritten: notWrittenIds(report, documents),
        failure: openSearchSinkFailure(report),
        summaryLines: formatOpenSearchReport(report),
        report: { key: "opensearch", value: report },
      };
    },
  };
}

/** Ids the OpenSearch sink did not write; every id when it failed more than it named. */
export function notWrittenIds(report: OpenSearchSinkReport, documents: readonly UsageDeltaDocument[]): Set<string> {
  const all = report.failed > report.failures.length;
  if (all) return new Set(documents.map(documentId));
  // Not sent (Ctrl-C): the last documents in write order.
  return new Set([...report.failures.map((f) => f.id ?? ""), ...documents.slice(documents.length - report.notSent).map(documentId)]);
}

/** The error that ends a run whose documents were not all written, if any. */
export function openSearchSinkFailure(report: OpenSearchSinkReport): UsageDeltaError | undefined {
  if (report.notSent > 0) {
    const done = report.documents - report.notSent;
    return new UsageDeltaError(
      "INTERRUPTED",
      `interrupted while writing to OpenSearch: ${formatCount(done)} of ${formatCount(report.documents)} documents sent; bookmarks moved only as far as written`,
      EXIT.interrupted,
    );
  }
  if (report.failed > 0) {
    // Refused for good (a mapping conflict, ...) is 1; still busy or failing after every retry (429, 5xx) is "unavailable".
    const busy = report.failures.length > 0 && report.failures.every((f) => isRetryableStatus(f.status));
    const why = busy ? `: OpenSearch was unavailable (HTTP ${report.failures[0].status}) through every retry` : "";
    return new UsageDeltaError(
      "OPENSEARCH",
      `${formatCount(report.failed)} of ${formatCount(report.documents)} documents were not written to OpenSearch (listed above)${why}`,
      busy ? EXIT.unavailable : EXIT.failure,
    );
  }
  return undefined;
}

/** What `status --sink opensearch` reports. */
export async function openSearchOutputState(options: SinkOptions): Promise<OutputState> {
  if (options.out !== "-") throw new UsageError("--sink opensearch reads no --out file: leave it out");
  const client = await options.cluster();
  const prefix = options.indexPrefix;
  const store = openSearchBookmarkStore(client, prefix);
  const bookmarks = await store.read();
  const held = await readLockDocument(client, prefix);
  return {
    output: `OpenSearch ${usageDeltaAlias(prefix)}`,
    bookmarksAt: store.location,
    bookmarks,
    documents: await readCommunityDocumentsOpenSearch(client, prefix, bookmarks),
    lock: {
      location: `OpenSearch ${lockIndexName(prefix)}/${lockDocumentId(prefix)}`,
      holder: held === undefined ? null : { host: held.source.host, pid: held.source.pid, since: held.source.since },
      stale: held !== undefined && lockExpired(held.source),
    },
    lastRun: await readRunRecordOpenSearch(client, prefix),
  };
}
