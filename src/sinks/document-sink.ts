// A sink is a value: where a run's documents go (an NDJSON file, OpenSearch, an Arrow
// file), what it keeps beside them (its bookmarks, its lock, the last run's record) and
// what it says about a write. The job (src/job/run-aggregate-job.ts) runs every sink the
// same way; `--sink` takes its choices from the registry (sink-registry.ts).

import type { Client } from "@opensearch-project/opensearch";
import type { UsageDeltaDocument } from "../model/document.js";
import type { BookmarkStore, Bookmarks } from "./bookmark-store.js";
import type { CommunityDocuments } from "./community-documents.js";
import type { LockHolder, LockSlot } from "./output-lock.js";

/** What a command asks of its sink (from the flags). */
export interface SinkOptions {
  /** `--out`: a file, a stream, or `-` (stdout); sinks that write no file ignore it. */
  out: string;
  dryRun: boolean;
  /** The instance's index prefix (OpenSearch). */
  indexPrefix: string;
  /** The cluster, connected on the first call (sinks that need one). */
  cluster: () => Promise<Client>;
  /** Logs a problem of the lock (a lock document taken over, ...). */
  onLockProblem?: (why: string) => void;
}

export interface SinkWriteOptions {
  /** Ctrl-C: stops the write between documents or bulk requests. */
  interrupts: AbortSignal;
  /** Add to the earlier output instead of replacing it (--since-bookmark, a timed-out run). */
  merge: boolean;
  /** Documents handed over so far. */
  onProgress?: (done: number) => void;
}

/** What became of a write. */
export interface SinkWrite {
  /** This run's documents handed over. */
  written: number;
  outcome: "done" | "interrupted" | "reader-closed";
  /** Ids (`{community}-{day}`) not written, or all: bookmarks stop before them. */
  notWritten: ReadonlySet<string> | "all";
  /** Ends the run once the summary is printed (documents refused, a write cut short). */
  failure?: Error;
  /** What became of the output when not everything was written, for the summary. */
  note?: string;
  /** The sink's own lines under the summary. */
  summaryLines?: string;
  /** The sink's section of the JSON report (`opensearch`). */
  report?: { key: "opensearch"; value: object };
}

export interface DocumentSink {
  /** The output in the run report and the summary's "documents written" line (`-` is stdout). */
  readonly destination: string;
  /** Rejects go beside this file unless `--rejects` says otherwise; undefined: `usage-delta.rejects.ndjson`. */
  readonly rejectsBeside: string | undefined;
  /** The bookmarks it keeps; undefined when none (then `noBookmarks` says why, for --since-bookmark). */
  readonly bookmarks: BookmarkStore | undefined;
  readonly noBookmarks?: string;
  /** A run that does not merge replaces the output whole: the old bookmarks go with it. */
  readonly replacesOutput: boolean;
  /** The output's lock and where the last run's record goes; undefined when it writes nothing lasting. */
  readonly lock: { slot(): Promise<LockSlot>; writeRunRecord(record: object): Promise<void> } | undefined;
  write(documents: readonly UsageDeltaDocument[], options: SinkWriteOptions): Promise<SinkWrite>;
}

/** What `usage-delta status` reads of an output. */
export interface OutputState {
  output: string;
  bookmarksAt: string;
  bookmarks: Bookmarks;
  documents: ReadonlyMap<string, CommunityDocuments>;
  lock: { location: string; holder: LockHolder | null; stale: boolean };
  lastRun: Record<string, unknown> | undefined;
}

/** One row of the registry. */
export interface SinkKind {
  /** For `--help` and the README. */
  help: string;
  /** Opens the output: checks, before any input is read, that it can be written (exit 73). */
  open(options: SinkOptions): Promise<DocumentSink>;
  /** The run report's `output`, known before the sink is opened. */
  output(options: Pick<SinkOptions, "out" | "indexPrefix">): string;
  /** The cluster it needs (undefined: none), for the message when --os-url is missing. */
  needsCluster?(options: Pick<SinkOptions, "dryRun">): boolean;
  /** It has a dry run (`--dry-run`). */
  dryRun?: true;
  /** `usage-delta status` on this output. */
  status?(options: SinkOptions): Promise<OutputState>;
}
