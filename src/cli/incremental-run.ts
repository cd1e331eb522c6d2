// The CLI side of incremental runs: which bookmark store the flags mean (the file sink's
// state file next to --out, the OpenSearch sink's bookmark index), where
// `--since-bookmark` starts, and moving the bookmarks once the documents are written.

import type { Client } from "@opensearch-project/opensearch";
import { bookmarkStart, movedBookmarks, writtenDays } from "../coordinator/bookmarks.js";
import { documentId, type UsageDeltaDocument } from "../model/document.js";
import { UsageError } from "../model/errors.js";
import type { BookmarkStore, Bookmarks } from "../sinks/bookmark-store.js";
import { bookmarksPathFor, fileBookmarkStore } from "../sinks/bookmarks-file.js";
import { mergeWithDocumentsFile } from "../sinks/merge-documents-file.js";
import type { OpenSearchSinkReport } from "../sinks/opensearch-documents.js";
import { writeDocumentsNdjson, type NdjsonWriteResult } from "../sinks/write-documents.js";

export interface IncrementalFlags {
  sinceBookmark: boolean;
  start?: string;
  end?: string;
  community?: string[];
  sink: "file" | "opensearch";
  out: string;
  /** The file sink writes to stdout, a device or a pipe (output-paths.ts): no bookmarks there. */
  streamOutput: boolean;
  dryRun: boolean;
  indexPrefix: string;
}

export interface Incremental {
  /** Undefined: this output keeps no bookmarks (stdout, a dry run). */
  store: BookmarkStore | undefined;
  previous: Bookmarks;
  /** The first day of the run (`--since-bookmark`), undefined: from the first day with events. */
  start: string | undefined;
  /** With --since-bookmark: where the run starts and why. */
  note?: string;
}

/** Checks the flags, reads the bookmarks, and says where the run starts. */
export async function openIncremental(flags: IncrementalFlags, cluster: Client | undefined): Promise<Incremental> {
  if (flags.sinceBookmark) {
    if (flags.start !== undefined) throw new UsageError("--since-bookmark starts at the bookmark: leave out --start");
    if (flags.sink === "file" && flags.streamOutput) throw new UsageError("--since-bookmark needs --out FILE, a regular file (its bookmarks live next to it)");
    if (flags.dryRun) throw new UsageError("--since-bookmark goes without --dry-run (a dry run moves no bookmark)");
  }
  const store = flags.sink === "file"
    ? flags.streamOutput ? undefined : fileBookmarkStore(bookmarksPathFor(flags.out))
    : cluster === undefined ? undefined : (await import("../sinks/bookmarks-opensearch.js")).openSearchBookmarkStore(cluster, flags.indexPrefix);
  const previous = store === undefined ? new Map<string, string>() : await store.read();
  if (!flags.sinceBookmark) return { store, previous, start: flags.start };
  const bookmark = bookmarkStart(previous, flags.community);
  // Bookmarks past --end: that day again (a bookmark never moves back, so nothing changes but it).
  const start = bookmark !== undefined && flags.end !== undefined && bookmark > flags.end ? flags.end : bookmark;
  const note = start === undefined
    ? `since bookmark: ${previous.size === 0 ? "no bookmark yet" : "a community asked for has no bookmark"} (${store?.location}), so from the first day with events`
    : start !== bookmark
      ? `since bookmark: the bookmarks (${store?.location}) are past --end, from ${start} (the bookmarks stay)`
      : `since bookmark: from ${start}, the earliest bookmark of the communities asked for (${store?.location}); that day is done again`;
  return { store, previous, start, note };
}

/**
 * Moves the bookmarks of the days written (documents are complete days only; `notWritten`:
 * ids the sink could not write). `replace`: the output was replaced whole (a file run
 * without --since-bookmark), so the old bookmarks no longer describe it.
 */
export async function moveBookmarks(incremental: Incremental, documents: readonly UsageDeltaDocument[], notWritten: ReadonlySet<string>, replace: boolean): Promise<Map<string, string>> {
  if (incremental.store === undefined) return new Map();
  const moved = movedBookmarks(replace ? new Map() : incremental.previous, writtenDays(documents, notWritten));
  await incremental.store.write(moved, replace);
  return moved;
}

/**
 * The file sink's documents, unless
 * Ctrl-C (`signal`) or the reader of a stream stops the write; then move the bookmarks
 * (moveBookmarks, replace: !merge) only when it is "done". `merge`: added to the earlier
 * output (--since-bookmark, and a run stopped by a timeout: it never replaces a complete
 * output with fewer days, nor moves a bookmark back); otherwise the output is replaced whole.
 */
export async function writeDocumentsFile(out: string, documents: readonly UsageDeltaDocument[], merge: boolean, signal?: AbortSignal): Promise<NdjsonWriteResult> {
  const written = await writeDocumentsNdjson(out, merge ? await mergeWithDocumentsFile(out, documents) : documents, signal);
  // This run's documents (the merged file holds earlier days too).
  return written.outcome === "done" ? { ...written, written: documents.length } : written;
}

/** Ids the OpenSearch sink did not write; every id when it failed more than it named. */
export function notWrittenIds(report: OpenSearchSinkReport, documents: readonly UsageDeltaDocument[]): Set<string> {
  const all = report.failed > report.failures.length;
  if (all) return new Set(documents.map(documentId));
  // Not sent (Ctrl-C): the last documents in write order.
  return new Set([...report.failures.map((f) => f.id ?? ""), ...documents.slice(documents.length - report.notSent).map(documentId)]);
}

/** The summary's line about the bookmarks. */
export function formatBookmarks(incremental: Incremental, moved: ReadonlyMap<string, string>): string {
  if (incremental.store === undefined) return "";
  const days = [...new Set(moved.values())].sort();
  const where = incremental.store.location;
  if (moved.size === 0) return `  bookmarks           unchanged (${where})\n`;
  return `  bookmarks           ${moved.size} moved to ${days.length === 1 ? days[0] : `${days[0]} .. ${days[days.length - 1]}`} (${where})\n`;
}
