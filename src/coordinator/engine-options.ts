// The engine's public options, hooks and result (the CLI's job, tests and the benchmark
// use them through run-aggregation.ts). Every option may be left out: runAggregation
// resolves them once against ENGINE_DEFAULTS, the one table of defaults (the CLI's flags
// take their defaults from it too).

import { availableParallelism } from "node:os";
import type { OnReject } from "../model/chunk-types.js";
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
  backend?: BackendChoice;
  /** Worker threads of the parallel backend (the memory backend runs in one). */
  threads?: number;
  /** Events per chunk handed to a worker. */
  chunkSize?: number;
  onInvalid?: "skip" | "fail";
  includeRobots?: boolean;
  excludeMachines?: boolean;
  excludeApi?: boolean;
  /** `--event-communities-only`: an event without `community_ids` counts in `global` only (the dashboard's aggregator did so). */
  eventCommunitiesOnly?: boolean;
  /** The memory budget (RSS); by default unbounded (the CLI's default is half the machine's). */
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

/** The defaults of every option that has one. */
export const ENGINE_DEFAULTS: Readonly<Required<Pick<EngineOptions, DefaultedOption>>> = {
  backend: "auto",
  threads: availableParallelism(),
  chunkSize: 50_000,
  onInvalid: "skip",
  includeRobots: false,
  excludeMachines: false,
  excludeApi: false,
  eventCommunitiesOnly: false,
  maxMemoryBytes: Infinity,
  maxMemoryGiven: false,
};

type DefaultedOption =
  | "backend"
  | "threads"
  | "chunkSize"
  | "onInvalid"
  | "includeRobots"
  | "excludeMachines"
  | "excludeApi"
  | "eventCommunitiesOnly"
  | "maxMemoryBytes"
  | "maxMemoryGiven";

export type ResolvedEngineOptions = EngineOptions & Required<Pick<EngineOptions, DefaultedOption>>;

/** The options with their defaults filled in; the memory backend runs in one thread. */
export function resolveEngineOptions(options: EngineOptions): ResolvedEngineOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as EngineOptions;
  const resolved: ResolvedEngineOptions = { ...ENGINE_DEFAULTS, ...defined };
  if (resolved.backend === "memory") resolved.threads = 1;
  return resolved;
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
  onReject?: OnReject;
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
