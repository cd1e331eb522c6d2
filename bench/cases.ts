// Bench: what is measured at each size (backend x source x threads) and the command line
// of each. The `memory` backend from files runs first: its documents are the reference.

import type { BenchOptions } from "./bench-options.js";
import { CLI, type Dataset } from "./datasets.js";

export type BackendName = "search" | "pandas" | "memory" | "parallel";
export type SourceName = "files" | "opensearch";

export interface BenchCase {
  key: string;
  backend: BackendName;
  source: SourceName;
  /** Worker threads asked for; null: the program's own choice (pandas: one; search: all). */
  threads: number | null;
}

export interface Availability {
  openSearch: boolean;
  searchBackend: boolean;
  pandas: boolean;
}

export const REFERENCE_KEY = "memory/files";
export const PANDAS_SCRIPT = "bench/pandas/aggregate_pandas.py";

function benchCase(backend: BackendName, source: SourceName, threads: number | null): BenchCase {
  return { key: `${backend}/${source}${threads === null ? "" : `/${threads}`}`, backend, source, threads };
}

export function casesFor(options: BenchOptions, available: Availability): BenchCase[] {
  const cases = [benchCase("memory", "files", null)];
  for (const threads of options.threads) cases.push(benchCase("parallel", "files", threads));
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
  if (c.backend === "pandas") {
    if (python === null) throw new Error("pandas case without a Python venv");
    return { command: python, args: [PANDAS_SCRIPT, "--input", dataset.dir, "--out", out] };
  }
  const args = [CLI, "aggregate", "--backend", c.backend, "--out", out, "--log-level", "warn"];
  if (c.threads !== null) args.push("--threads", String(c.threads));
  if (c.source === "files") {
    args.push("--input", dataset.dir);
  } else {
    if (openSearchUrl === null || dataset.indexPrefix === null) throw new Error(`${c.key}: dataset not in OpenSearch`);
    args.push("--source", "opensearch", "--os-url", openSearchUrl, "--index-prefix", dataset.indexPrefix);
  }
  return { command: process.execPath, args };
}

export function threadsLabel(c: BenchCase, allThreads: number, used: number | null = null): string {
  if (c.backend === "pandas" || c.backend === "memory") return "1";
  if (c.threads === null) return used === null ? "default" : String(used);
  return c.threads === allThreads ? `${c.threads} (all)` : String(c.threads);
}
