// A run that a timeout stops before its first day is complete (while the metadata loads,
// during the tallying scan, in a single pass) writes nothing, and still reports: the
// summary says what was loaded and that no day was done, and the CLI exits 75 after it,
// as for any timeout.

import { emptyCounts } from "../enrich/chunk-types.js";
import { formatDay } from "../model/day.js";
import type { RunSummary } from "../model/run-summary.js";
import type { SourceDayRange } from "../sources/event-source.js";
import type { AggregateResult } from "./engine-options.js";

export interface StoppedEarly {
  backend: string;
  threads: number;
  chunkSize: number;
  metadataRejected: number;
  records: number;
  /** The range asked for (NaN where the events were to say). */
  range: SourceDayRange | null;
  plan: string[];
  totalMs: number;
}

export function stoppedBeforeAnyDay(s: StoppedEarly): AggregateResult {
  const known = s.range !== null && !Number.isNaN(s.range.startDay) && !Number.isNaN(s.range.endDay);
  const range = known && s.range !== null ? { start: formatDay(s.range.startDay), end: formatDay(s.range.endDay) } : null;
  const summary: RunSummary = {
    backend: s.backend, threads: s.threads, chunkSize: s.chunkSize, counts: emptyCounts(), metadataRejected: s.metadataRejected,
    records: s.records, range, communities: 0, documents: 0, windows: 0, plan: s.plan,
    incomplete: { reason: "timeout", notDone: range }, metadataCache: null, rejectsPath: null, unknownCommunities: [],
    timingsMs: { total: s.totalMs, metadata: 0, encode: 0, group: 0, documents: 0 },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  return { documents: [], summary };
}
