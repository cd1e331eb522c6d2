// The end of a job: the documents to their sink, the bookmarks moved as far as written,
// then the summary, which reports what was written (not what was computed), and the exit
// code. A write that fails still closes with the summary, then its one line (thrown).
//
// Ctrl-C counts in every phase: arriving while the events are grouped (the memory
// backend's grouping holds the thread until it ends) or the documents written, nothing
// replaces the old output and no bookmark moves (the OpenSearch sink stops between bulk
// requests: what was answered stays, bookmarks move that far); exit 130.

import type { Logger } from "pino";
import type { ProgressUpdate } from "../coordinator/engine-options.js";
import type { UsageDeltaDocument } from "../model/document.js";
import { EXIT } from "../model/errors.js";
import type { RunSummary } from "../model/run-summary.js";
import { formatSearchReport } from "../search-backend/format-search-report.js";
import type { SearchBackendReport } from "../search-backend/group-with-search.js";
import type { DocumentSink, SinkWrite } from "../sinks/document-sink.js";
import { formatBookmarks, moveBookmarks, type BookmarkStart } from "./bookmarks.js";
import { formatSummary } from "./format-summary.js";
import type { RunReporter } from "./run-report.js";
import { formatWarnings } from "./run-warnings.js";
import { unknownRecordsWarning } from "./unknown-records-warning.js";

export interface Delivery {
  sink: DocumentSink;
  documents: readonly UsageDeltaDocument[];
  summary: RunSummary;
  searchReport: SearchBackendReport | undefined;
  bookmarks: BookmarkStart;
  /** --since-bookmark: the run adds to the earlier output. */
  sinceBookmark: boolean;
  /** Aborted by Ctrl-C (SIGINT, SIGTERM) only, or a lost lock. */
  interrupts: AbortSignal;
  logger: Logger;
  /** Where the human summary goes (stderr; nowhere with --json, whose report is `run`'s). */
  human: NodeJS.WritableStream;
  run: RunReporter;
  progress: { update(update: ProgressUpdate): void; done(): void };
}

/** Returns the exit code: 0, 75 (timed out), 130 (interrupted) or 141 (the reader closed the output). */
export async function deliverDocuments(d: Delivery): Promise<number> {
  const { documents, summary, sink } = d;
  const computed = documents.length;
  const interrupted = () => Object.assign(summary, { documents: 0, incomplete: { reason: "interrupted", notDone: summary.range } });
  if (summary.incomplete?.reason === "interrupted" || d.interrupts.aborted) interrupted();
  let moved = new Map<string, string>();
  let write: SinkWrite | undefined;
  let failure: unknown;
  let exitCode: number = EXIT.ok;
  if (summary.incomplete?.reason !== "interrupted") {
    d.progress.update({ phase: "write", done: 0, total: 0, events: 0 });
    try {
      summary.documents = 0;
      // A timed-out run adds its complete days to the earlier output, like --since-bookmark.
      const merge = d.sinceBookmark || summary.incomplete !== null;
      write = await sink.write(documents, {
        interrupts: d.interrupts,
        merge,
        onProgress: (done) => d.progress.update({ phase: "write", done, total: computed, events: 0 }),
      });
      summary.documents = write.written;
      if (write.report !== undefined) d.run.report[write.report.key] = write.report.value;
      moved = await moveBookmarks(d.bookmarks, documents, write, sink.replacesOutput && !merge);
      failure = write.failure;
      if (failure === undefined && write.outcome === "interrupted") interrupted();
      if (write.outcome === "reader-closed") exitCode = EXIT.readerClosed;
    } catch (error) {
      failure = error;
    }
    d.progress.done();
  }
  if (d.bookmarks.store !== undefined) d.run.report.bookmarks = { location: d.bookmarks.store.location, moved: Object.fromEntries(moved) };
  const note =
    failure === undefined
      ? write?.note
      : summary.documents < computed
        ? "not all documents were written (the reason follows)"
        : "the documents were written, the bookmarks were not (the reason follows)";
  d.logger.info({ summary, search: d.searchReport }, "aggregation finished");
  const unknownRecords = unknownRecordsWarning(summary);
  // Like every warning: in the log, the summary's WARNING lines and the JSON report.
  if (unknownRecords !== undefined) {
    d.logger.warn({ warning: unknownRecords }, "records missing");
    d.run.warn(unknownRecords);
  }
  d.human.write(formatSummary(summary, sink.destination, { computed, note }));
  d.human.write(formatWarnings(d.run.report.warnings));
  if (d.searchReport !== undefined) d.human.write(formatSearchReport(d.searchReport));
  if (write?.summaryLines !== undefined) d.human.write(write.summaryLines);
  d.human.write(formatBookmarks(d.bookmarks, moved));
  if (moved.size > 0) d.logger.info({ bookmarks: Object.fromEntries(moved), at: d.bookmarks.store?.location }, "bookmarks moved");
  if (failure !== undefined) throw failure;
  if (summary.incomplete !== null) return summary.incomplete.reason === "timeout" ? EXIT.timeout : EXIT.interrupted;
  return exitCode;
}
