// What a run reports at the end: the CLI prints it (format-summary.ts), logs it, and
// writes it as JSON (--json, --summary-file, the run record).

import type { ChunkCounts } from "./chunk-types.js";

export interface RunSummary {
  backend: string;
  threads: number;
  chunkSize: number;
  counts: ChunkCounts;
  /** Rejected lines of the record and membership files. */
  metadataRejected: number;
  records: number;
  range: { start: string; end: string } | null;
  communities: number;
  documents: number;
  /** Day windows the events were grouped in (1: a single pass). */
  windows: number;
  /** The planner's decisions and the memory guard's actions, in order. */
  plan: string[];
  /** Set when the run stopped early: why, and the days it did not write. */
  incomplete: { reason: "timeout" | "interrupted"; notDone: { start: string; end: string } | null } | null;
  /** `--metadata-cache`: the cache file, the copy the run started from, what came from it and what was fetched; null without it. */
  metadataCache: {
    path: string;
    copyFetchedAt: string | null;
    records: { cached: number; fetched: number };
    membership: { cached: number; fetched: number };
  } | null;
  rejectsPath: string | null;
  /** Communities asked for (`communities`) that no record or membership event names: probably a typo. */
  unknownCommunities: string[];
  timingsMs: { total: number; metadata: number; encode: number; group: number; documents: number };
  peakRssBytes: number;
}
