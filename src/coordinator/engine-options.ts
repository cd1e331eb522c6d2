// The engine's public options, hooks and result (the CLI, tests and the benchmark use
// them through run-aggregation.ts).

import type { RejectedLine } from "../model/chunk-types.js";
import type { UsageDeltaDocument } from "../model/document.js";
import type { RunSummary } from "../model/run-summary.js";
import type { EngineTransport } from "./engine-transport.js";
import type { BackendChoice } from "../model/backend.js";
import type { SearchBackendConfig, SearchBackendReport } from "../search-backend/group-with-search.js";

export interface EngineOptions {
  start?: string;
  end?: string;
  communities?: string[];
  /** `auto`: the planner picks (plan-run.ts). */
  backend: BackendChoice;
  threads: number;
  chunkSize: number;
  onInvalid: "skip" | "fail";
  includeRobots: boolean;
  excludeMachines: boolean;
  excludeApi: boolean;
  /** `--event-communities-only`: an event without `community_ids` counts in `global` only (the dashboard's aggregator did so). */
  eventCommunitiesOnly?: boolean;
  /** The memory budget (RSS); unset: unbounded, one pass. */
  maxMemoryBytes?: number;
  /** The budget was given (`--max-memory`), not defaulted: a budget below the run's floor is refused (plan-floor.ts). */
  maxMemoryGiven?: boolean;
  /** `--threads` was given: the planner keeps it. */
  threadsGiven?: boolean;
  /** Overrides the measured bytes per held event the planner uses. */
  bytesPerEvent?: number;
  /** Forces bounded-memory mode: a scan, then day windows of at most this many events. */
  windowEvents?: number;
  /** The most any one day window may take (`--community-timeout`, window-deadline.ts); over it, the run stops as on a timeout. */
  windowTimeoutMs?: number;
  /** `--metadata-cache`: keep record metadata and membership here between runs (load-metadata-cached.ts). */
  metadataCacheDir?: string;
}

export interface ProgressUpdate {
  /** `write`: the CLI writing the documents (done/total: documents). */
  phase: "metadata" | "scan" | "events" | "group" | "documents" | "write";
  done: number;
  total: number;
  events: number;
  /** metadata: records and membership events read so far. */
  records?: number;
  membership?: number;
  /** A windowed run: which day window (1-based) of how many planned (the memory guard may add some). */
  window?: { index: number; count: number; start: string; end: string };
}

export interface AggregateHooks {
  /** Every rejected input row, in input order. */
  onReject?: (reject: RejectedLine) => void;
  onProgress?: (update: ProgressUpdate) => void;
  /** Planner decisions and memory-guard actions, as they happen. */
  onNote?: (note: string) => void;
  /** Reuse a transport (tests and benchmarks); it is not closed. */
  transport?: EngineTransport;
  /** The cluster (and options) of the `search` backend; required with it. */
  search?: SearchBackendConfig;
  /** Aborting stops the run between chunks and windows; reason "timeout" or anything (interrupt). */
  signal?: AbortSignal;
}

export interface AggregateResult {
  /** Complete days only: all of them, unless the run was stopped (summary.incomplete). */
  documents: UsageDeltaDocument[];
  summary: RunSummary;
  /** The `search` backend's report (temporary index, searches, deviation from exact). */
  search?: SearchBackendReport;
}
