// Bench: the flags of `npm run bench` as one typed table, parsed and validated once.

import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { DATA_SHAPES, isDataShape, type DataShape } from "../src/generate/data-shapes.js";

export interface BenchOptions {
  /** Events per dataset, ascending. */
  sizes: number[];
  /** --sizes was given (the scaling mode then measures those sizes instead of its own). */
  sizesGiven: boolean;
  /** Measured runs per case (after one warm-up). */
  runs: number;
  /** Thread counts of the parallel backend (deduplicated; "all" = available cores). */
  threads: number[];
  allThreads: number;
  skipOpenSearch: boolean;
  skipPandas: boolean;
  skipDuckdb: boolean;
  /** OpenSearch rows only at sizes up to this (loading and the search backend take minutes at 1M). */
  openSearchUpTo: number;
  /** Data shapes of `generate --shape` measured at every size (default both). */
  shapes: DataShape[];
  /** `--scaling`: the thread-scaling mode (scaling.ts) instead of the comparison. */
  scaling: boolean;
  /** RESULTS.md path; the chart goes next to it as results.svg. */
  out: string;
  seed: number;
  dataDir: string;
  /** Wall-clock budget of one case at one size: a slow case gets fewer runs. */
  caseBudgetSeconds: number;
  /** Longest one run may take before it is stopped. */
  caseTimeoutSeconds: number;
  /** Longest wait for a quiet machine before each run, 0 for none. */
  quietWaitSeconds: number;
  /** Only render RESULTS.md and results.svg again from results.json (e.g. after editing analysis.md). */
  reportOnly: boolean;
}

const DEFAULT_SIZES = [100_000, 1_000_000];
/** The bounded-memory size (issue 4): `parallel --max-memory 2G` runs there, and the memory backend once (the reference). */
export const LARGE_SIZE = 10_000_000;
/** ...spread over 90 days (issue 4), so that day windows bound its memory. */
export const LARGE_DAYS = 90;

const FLAGS = {
  sizes: { type: "string" },
  large: { type: "boolean", default: false },
  runs: { type: "string", default: "3" },
  threads: { type: "string", default: "1,2,all" },
  "skip-opensearch": { type: "boolean", default: false },
  "skip-pandas": { type: "boolean", default: false },
  "skip-duckdb": { type: "boolean", default: false },
  "opensearch-up-to": { type: "string", default: String(LARGE_SIZE) },
  shapes: { type: "string", default: DATA_SHAPES.join(",") },
  scaling: { type: "boolean", default: false },
  out: { type: "string", default: "bench/RESULTS.md" },
  seed: { type: "string", default: "20250601" },
  "data-dir": { type: "string", default: "bench/data" },
  "case-budget": { type: "string", default: "300" },
  "case-timeout": { type: "string", default: "900" },
  "quiet-wait": { type: "string", default: "20" },
  "report-only": { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

export const USAGE = `usage: npm run bench -- [options]
  --sizes 100000,1000000   events per dataset (default ${DEFAULT_SIZES.join(",")})
  --large                  add ${LARGE_SIZE.toLocaleString("en")} events
  --runs N                 measured runs per case after one warm-up (default 3)
  --threads 1,2,all        thread counts of the parallel backend (default 1,2,all)
  --skip-opensearch        no OpenSearch rows (search backend, --source opensearch)
  --skip-pandas            no pandas row
  --skip-duckdb            no DuckDB row
  --opensearch-up-to N     OpenSearch rows (search backend, --source opensearch) only at sizes up to N events
  --shapes default,repetitive  data shapes (generate --shape) measured at every size (default both)
  --scaling                thread scaling instead: --threads 1,2,4,8,16 on 1M events (--large: and 10M; --sizes: those), per-thread CPU, projected speedup,
                           the same runs pinned to one core (taskset -c 0) for a second f (bench/SCALING.md)
  --out FILE               results file (default bench/RESULTS.md; chart: results.svg beside it)
  --seed S                 generator seed (default 20250601)
  --data-dir DIR           generated datasets (default bench/data, git-ignored)
  --case-budget SECONDS    time one case may take at one size; slow cases get fewer runs (default 300)
  --case-timeout SECONDS   longest single run; a run over it is stopped and reported (default 900)
  --quiet-wait SECONDS     before each run, wait up to this long for idle CPUs (other work; default 20, 0: off)
  --report-only            render RESULTS.md and results.svg again from results.json beside them`;

export class BenchUsageError extends Error {}

export function parseBenchOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  if (values.help) return "help";
  const allThreads = availableParallelism();
  const sizes = (values.sizes ?? DEFAULT_SIZES.join(",")).split(",").map((text) => positive("--sizes", text));
  if (values.large && !sizes.includes(LARGE_SIZE)) sizes.push(LARGE_SIZE);
  const threads = values.threads.split(",").map((text) => (text.trim() === "all" ? allThreads : positive("--threads", text)));
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    sizesGiven: values.sizes !== undefined,
    runs: positive("--runs", values.runs),
    threads: [...new Set(threads)].sort((a, b) => a - b),
    allThreads,
    skipOpenSearch: values["skip-opensearch"],
    skipPandas: values["skip-pandas"],
    skipDuckdb: values["skip-duckdb"],
    openSearchUpTo: positive("--opensearch-up-to", values["opensearch-up-to"]),
    shapes: [...new Set(values.shapes.split(",").map((text) => shape(text.trim())))],
    scaling: values.scaling,
    out: values.out,
    seed: positive("--seed", values.seed),
    dataDir: values["data-dir"],
    caseBudgetSeconds: positive("--case-budget", values["case-budget"]),
    caseTimeoutSeconds: positive("--case-timeout", values["case-timeout"]),
    quietWaitSeconds: nonNegative("--quiet-wait", values["quiet-wait"]),
    reportOnly: values["report-only"],
  };
}

function shape(text: string): DataShape {
  if (!isDataShape(text)) throw new BenchUsageError(`--shapes: not a data shape: ${text} (${DATA_SHAPES.join(", ")})`);
  return text;
}

function nonNegative(flag: string, text: string): number {
  return text.trim() === "0" ? 0 : positive(flag, text);
}

function positive(flag: string, text: string): number {
  const value = Number(text.trim().replace(/_/g, ""));
  if (!Number.isInteger(value) || value < 1) throw new BenchUsageError(`${flag}: not a positive integer: ${text}`);
  return value;
}
