// Bench: what is measured at each size (backend x source x threads) and the command line
// of each. The `memory` backend from files runs first: its documents are the reference.

import { LARGE_SIZE, type BenchOptions } from "./bench-options.js";
import { CLI, type Dataset } from "./datasets.js";

/** `auto`: no --backend or --threads, the planner decides: the command as an operator runs it. */
export type BackendName = "search" | "pandas" | "duckdb" | "memory" | "parallel" | "auto";
export type SourceName = "files" | "opensearch";

export interface BenchCase {
  key: string;
  backend: BackendName;
  source: SourceName;
  /** Worker threads asked for; null: the program's own choice (pandas: one; DuckDB, search: all). */
  threads: number | null;
  /** `--max-memory`, when the case is the bounded-memory one. */
  maxMemory: string | null;
  /** Fewer measured runs than the bench's `--runs` (a case that is there for its documents). */
  maxRuns?: number;
}

export interface Availability {
  openSearch: boolean;
  searchBackend: boolean;
  pandas: boolean;
  duckdb: boolean;
}

/** The case whose documents every other case of its size is held to: the memory backend, from files. */
export const isReference = (c: BenchCase) => c.backend === "memory" && c.source === "files";
export const PANDAS_SCRIPT = "bench/pandas/aggregate_pandas.py";
export const DUCKDB_SCRIPT = "bench/duckdb/aggregate_duckdb.py";
/** The peers written in Python: they print one JSON report line on stderr. */
export const isPythonPeer = (c: BenchCase) => c.backend === "pandas" || c.backend === "duckdb";

/** The budget of the bounded-memory case: issue 4's 10M events in at most 2 GB. */
export const BOUNDED_BUDGET = "2G";
/**
 * The large size's reference runs in one pass (~3 GB at 10M). Without a budget the
 * planner's conservative estimate (1,000 bytes an event, against ~12 GB here) would put it
 * in day windows too, and the bounded case would be held to the code it runs itself.
 */
export const ONE_PASS_BUDGET = "16G";

function benchCase(backend: BackendName, source: SourceName, threads: number | null, maxMemory: string | null = null): BenchCase {
  const key = `${backend}/${source}${threads === null ? "" : `/${threads}`}${maxMemory === null ? "" : `/max-${maxMemory}`}`;
  return { key, backend, source, threads, maxMemory };
}

/**
 * The cases of one size. At the large size: the parallel backend in one pass and
 * bounded to 2 GB, and the memory backend's single pass once, as the reference their
 * documents are held to (and to show the memory a single pass takes there); the others
 * would take hours.
 */
export function casesFor(options: BenchOptions, available: Availability, events: number): BenchCase[] {
  if (events >= LARGE_SIZE) {
    // The DuckDB peer takes what memory it wants (4-6 GB at 10M): the parallel backend is
    // compared with it in one pass too, and bounded to 2 GB beside it.
    const large = [
      { ...benchCase("memory", "files", null, ONE_PASS_BUDGET), maxRuns: 1 },
      benchCase("parallel", "files", options.allThreads, ONE_PASS_BUDGET),
      benchCase("parallel", "files", options.allThreads, BOUNDED_BUDGET),
    ];
    return available.duckdb ? [...large, benchCase("duckdb", "files", null)] : large;
  }
  const cases = [benchCase("memory", "files", null), benchCase("auto", "files", null)];
  for (const threads of options.threads) cases.push(benchCase("parallel", "files", threads));
  if (available.duckdb) cases.push(benchCase("duckdb", "files", null));
  if (available.pandas) cases.push(benchCase("pandas", "files", null));
  if (available.openSearch) {
    cases.push(benchCase("memory", "opensearch", null));
    for (const threads of options.threads) cases.push(benchCase("parallel", "opensearch", threads));
    if (available.searchBackend) cases.push(benchCase("search", "opensearch", null));
  }
  return cases;
}

export interface Invocation {
  command: string;
  args: string[];
}

export function invocation(c: BenchCase, dataset: Dataset, out: string, openSearchUrl: string | null, python: string | null): Invocation {
  if (isPythonPeer(c)) {
    if (python === null) throw new Error(`${c.backend} case without a Python venv`);
    return { command: python, args: [c.backend === "pandas" ? PANDAS_SCRIPT : DUCKDB_SCRIPT, "--input", dataset.dir, "--out", out] };
  }
  const args = [CLI, "aggregate", "--backend", c.backend, "--out", out, "--log-level", "warn"];
  if (c.threads !== null) args.push("--threads", String(c.threads));
  if (c.maxMemory !== null) args.push("--max-memory", c.maxMemory);
  if (c.source === "files") {
    args.push("--input", dataset.dir);
  } else {
    if (openSearchUrl === null || dataset.indexPrefix === null) throw new Error(`${c.key}: dataset not in OpenSearch`);
    args.push("--source", "opensearch", "--os-url", openSearchUrl, "--index-prefix", dataset.indexPrefix);
  }
  return { command: process.execPath, args };
}

/** The backend column: the bounded-memory case names its budget. */
export function backendLabel(c: BenchCase): string {
  if (c.backend === "auto") return "auto (the planner's pick)";
  return c.maxMemory == null ? c.backend : `${c.backend} --max-memory ${c.maxMemory}`;
}

export function threadsLabel(c: BenchCase, allThreads: number, used: number | null = null): string {
  if (c.backend === "pandas" || c.backend === "memory") return "1";
  if (c.backend === "duckdb") return "all";
  if (c.threads === null) return used === null ? "default" : String(used);
  return c.threads === allThreads ? `${c.threads} (all)` : String(c.threads);
}
