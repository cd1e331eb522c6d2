// The end of `aggregate`: the documents to their sink, the bookmarks moved as far as
// written, then the summary, which reports what was written (not what was computed), and
// the exit code. A write that fails still closes with the summary, then its one line.
//
// Ctrl-C counts in every phase: arriving while the events are grouped (the memory
// backend's grouping holds the thread until it ends) or the documents written, nothing
// replaces the old output and no bookmark moves (the OpenSearch sink stops between bulk
// requests: what was answered stays, bookmarks move that far); exit 130.

import type { Client } from "@opensearch-project/opensearch";
import type { Logger } from "pino";
import type { SearchBackendReport } from "../search-backend/group-with-search.js";
import { formatSearchReport } from "../search-backend/format-search-report.js";
import type { UsageDeltaDocument } from "../model/document.js";
import { EXIT } from "../model/errors.js";
import type { RunSummary } from "../model/run-summary.js";
import { usageDeltaAlias } from "../opensearch/usage-delta-names.js";
import { formatSummary } from "./format-summary.js";
import { formatBookmarks, moveBookmarks, notWrittenIds, writeDocumentsFile, type Incremental } from "./incremental-run.js";
import type { Progress } from "./progress.js";
import type { RunReporter } from "./run-report.js";
import { formatWarnings } from "./run-warnings.js";
import { unknownRecordsWarning } from "./unknown-records-warning.js";

export interface Delivery {
  flags: { sink: "file" | "opensearch"; out: string; dryRun: boolean; indexPrefix: string; sinceBookmark: boolean };
  /** The file sink writes to a stream (stdout, a device, a pipe): nothing to merge with. */
  streamOutput: boolean;
  documents: readonly UsageDeltaDocument[];
  summary: RunSummary;
  searchReport: SearchBackendReport | undefined;
  incremental: Incremental;
  cluster: Client | undefined;
  logger: Logger;
  /** Aborted by Ctrl-C (SIGINT, SIGTERM) only. */
  interrupts: AbortSignal;
  /** Where the human summary goes (stderr; nowhere with --json, whose report is `run`'s). */
  human: NodeJS.WritableStream;
  run: RunReporter;
  /** The progress line (writing), cleared before the summary. */
  progress?: Progress;
}

export async function deliverDocuments(d: Delivery): Promise<void> {
  const { flags, documents, summary } = d;
  const computed = documents.length;
  const interrupted = () => Object.assign(summary, { documents: 0, incomplete: { reason: "interrupted", notDone: summary.range } });
  if (summary.incomplete?.reason === "interrupted" || d.interrupts.aborted) interrupted();
  let moved = new Map<string, string>();
  let note: string | undefined;
  let failure: unknown;
  let report: string | undefined;
  if (summary.incomplete?.reason !== "interrupted") {
    d.progress?.update({ phase: "write", done: 0, total: 0, events: 0 });
    try {
      if (flags.sink === "file") {
        summary.documents = 0;
        // A timed-out run adds its complete days to the earlier output, like --since-bookmark.
        const merge = flags.sinceBookmark || (summary.incomplete !== null && !d.streamOutput);
        const written = await writeDocumentsFile(flags.out, documents, merge, d.interrupts);
        summary.documents = written.written;
        if (written.outcome === "done") moved = await moveBookmarks(d.incremental, documents, new Set(), !merge);
        if (written.outcome === "interrupted") interrupted();
        if (written.outcome === "reader-closed") {
          note = `${flags.out === "-" ? "stdout" : flags.out} was closed by its reader after ${written.written.toLocaleString("en")} of ${computed.toLocaleString("en")} documents`;
          process.exitCode = EXIT.readerClosed;
        }
      } else {
        const { runOpenSearchSink, openSearchSinkFailure } = await import("../sinks/opensearch-output.js");
        const { formatOpenSearchReport } = await import("../sinks/opensearch-summary.js");
        summary.documents = 0;
        const written = await runOpenSearchSink(d.cluster, documents, { prefix: flags.indexPrefix, dryRun: flags.dryRun, bulk: { signal: d.interrupts, onProgress: (done) => d.progress?.update({ phase: "write", done, total: computed, events: 0 }) } });
        summary.documents = written.written;
        report = formatOpenSearchReport(written);
        d.run.report.opensearch = written;
        moved = await moveBookmarks(d.incremental, documents, notWrittenIds(written, documents), false);
        failure = openSearchSinkFailure(written);
      }
    } catch (error) {
      failure = error;
    }
    d.progress?.done();
  }
  if (d.incremental.store !== undefined) d.run.report.bookmarks = { location: d.incremental.store.location, moved: Object.fromEntries(moved) };
  if (failure !== undefined) note = summary.documents < computed ? "not all documents were written (the reason follows)" : "the documents were written, the bookmarks were not (the reason follows)";
  d.logger.info({ summary, search: d.searchReport }, "aggregation finished");
  const destination = flags.sink === "file" ? flags.out : flags.dryRun ? "nowhere (dry run)" : `OpenSearch ${usageDeltaAlias(flags.indexPrefix)}`;
  const unknownRecords = unknownRecordsWarning(summary);
  // Like every warning: in the log, the summary's WARNING lines and the JSON report.
  if (unknownRecords !== undefined) { d.logger.warn({ warning: unknownRecords }, "records missing"); d.run.warn(unknownRecords); }
  d.human.write(formatSummary(summary, destination, { computed, note }));
  d.human.write(formatWarnings(d.run.report.warnings));
  if (d.searchReport !== undefined) d.human.write(formatSearchReport(d.searchReport));
  if (report !== undefined) d.human.write(report);
  d.human.write(formatBookmarks(d.incremental, moved));
  if (moved.size > 0) d.logger.info({ bookmarks: Object.fromEntries(moved), at: d.incremental.store?.location }, "bookmarks moved");
  if (failure !== undefined) throw failure;
  if (summary.incomplete !== null) process.exitCode = summary.incomplete.reason === "timeout" ? EXIT.timeout : EXIT.interrupted;
}
