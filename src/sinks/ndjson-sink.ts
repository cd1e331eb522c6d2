// The NDJSON file sink (`--sink file`, the default): one document per line, by community
// then day, replaced atomically (output-file.ts), or written through to stdout, a device or
// a pipe. It keeps its bookmarks in `<out>.bookmarks.json`; a run that merges (--since-bookmark,
// a timed-out run) keeps the earlier days of the file and takes this run's for the rest.
// Ctrl-C stops it between lines: nothing replaces the old output. A reader closing stdout
// (or a pipe) ends it quietly.

import { documentJson } from "../model/document-json.js";
import { UsageError } from "../model/errors.js";
import { pauseForTest } from "../model/test-pause.js";
import { bookmarksPathFor, fileBookmarkStore } from "./bookmarks-file.js";
import { documentsFromDays, type CommunityDocuments } from "./community-documents.js";
import type { DocumentSink, OutputState, SinkOptions, SinkWrite } from "./document-sink.js";
import { readDocumentDaysFile } from "./document-days-file.js";
import { openFileOutput } from "./file-output.js";
import { mergeWithDocumentsFile } from "./merge-documents-file.js";
import { OutputError } from "./output-error.js";
import { openLineWriter } from "./output-file.js";
import { deadHere, lockPathFor, readHolder } from "./output-lock-file.js";
import { readRunRecordFile } from "./run-record-file.js";
import { formatCount } from "../model/format-count.js";

export async function openNdjsonSink(options: SinkOptions): Promise<DocumentSink> {
  const file = await openFileOutput(options.out, (out) => [{ path: bookmarksPathFor(out), what: "the bookmarks" }]);
  const all = (): SinkWrite["notWritten"] => "all";
  return {
    destination: options.out,
    rejectsBeside: file.rejectsBeside,
    bookmarks: file.stream ? undefined : fileBookmarkStore(bookmarksPathFor(options.out)),
    noBookmarks: "--since-bookmark needs --out FILE, a regular file (its bookmarks live next to it)",
    replacesOutput: true,
    lock: file.lock,
    async write(documents, { interrupts, merge }) {
      // A stream has no earlier output to add to.
      const lines = merge && !file.stream ? await mergeWithDocumentsFile(options.out, documents) : documents;
      const writer = await file.openWith(openLineWriter, interrupts);
      if (writer === null) return { written: 0, outcome: "interrupted", notWritten: all() };
      try {
        await pauseForTest("write", interrupts);
        for (const document of lines) {
          if (interrupts.aborted) {
            await writer.abort();
            return { written: writer.atomic ? 0 : writer.linesWritten, outcome: "interrupted", notWritten: all() };
          }
          await writer.write(documentJson(document));
        }
        await writer.close();
        // This run's documents (a merged file holds earlier days too).
        return { written: documents.length, outcome: "done", notWritten: new Set() };
      } catch (error) {
        await writer.abort();
        if (!(error instanceof OutputError && error.readerClosed)) throw error;
        const shown = options.out === "-" ? "stdout" : options.out;
        const note = `${shown} was closed by its reader after ${formatCount(writer.linesWritten)} of ${formatCount(documents.length)} documents`;
        return { written: writer.linesWritten, outcome: "reader-closed", notWritten: all(), note };
      }
    },
  };
}

/** What `status --out FILE` reports. */
export async function ndjsonOutputState(options: SinkOptions): Promise<OutputState> {
  const out = options.out;
  if (out === "-") throw new UsageError("status needs --out FILE (the file sink's output), or --sink opensearch");
  const store = fileBookmarkStore(bookmarksPathFor(out));
  const bookmarks = await store.read();
  const documents = new Map<string, CommunityDocuments>();
  for (const [community, days] of await readDocumentDaysFile(out)) documents.set(community, documentsFromDays(days, bookmarks.get(community) ?? null));
  const holder = readHolder(lockPathFor(out)) ?? null;
  return {
    output: out,
    bookmarksAt: store.location,
    bookmarks,
    documents,
    lock: { location: lockPathFor(out), holder, stale: holder !== null && deadHere(holder) },
    lastRun: await readRunRecordFile(out),
  };
}
