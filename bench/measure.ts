// Bench: runs the cases of one size side by side: a warm-up round, then `runs` rounds,
// each round running every case once (so a change in the machine's load hits all cases
// alike). A case slower than its budget allows gets fewer rounds, and says so.

import { join } from "node:path";
import { invocation, isPythonPeer, type BenchCase } from "./cases.js";
import { lastLine, type Dataset } from "./datasets.js";
import { heapUsedBytes } from "./opensearch-server.js";
import { parseEngineSummary, parsePythonReport, type SelfReport } from "./parse-output.js";
import { waitForQuiet } from "./quiet-gate.js";
import { runProcess } from "./run-process.js";

export interface Sample {
  wallMs: number;
  /** GNU time's peak RSS, else the program's own. */
  peakRssBytes: number | null;
  /** User + system CPU time (GNU time). */
  cpuMs: number | null;
  self: SelfReport;
  /** OpenSearch heap used, the largest sampled during the run (OpenSearch cases only). */
  heapMaxBytes: number | null;
}

export interface CaseResult {
  benchCase: BenchCase;
  /** Set when a run hit the time limit: the wall time is at least this. */
  timedOutMs: number | null;
  samples: Sample[];
  /** Time spent waiting for a quiet machine before its runs. */
  waitedMs: number;
  /** Runs made and their wall time, warm-up included. */
  runsDone: number;
  spentMs: number;
  error: string | null;
  notes: string[];
  outputPath: string;
}

export interface MeasureContext {
  dataset: Dataset;
  runs: number;
  budgetMs: number;
  /** Longest one run may take. */
  timeoutMs: number;
  /** Longest wait for a quiet machine before a run (0: no wait). */
  quietWaitMs: number;
  openSearchUrl: string | null;
  python: string | null;
  outputDir: string;
  log: (line: string) => void;
}

/** A first run slower than this is kept as a sample: the files are in the page cache by then. */
const SLOW_MS = 30_000;

async function runOnce(result: CaseResult, ctx: MeasureContext): Promise<Sample | null> {
  const c = result.benchCase;
  const { command, args } = invocation(c, ctx.dataset, result.outputPath, ctx.openSearchUrl, ctx.python);
  const url = ctx.openSearchUrl;
  const sample = c.source === "opensearch" && url !== null ? () => heapUsedBytes(url) : undefined;
  if (ctx.quietWaitMs > 0) result.waitedMs += await waitForQuiet(ctx.quietWaitMs);
  const run = await runProcess(command, args, { sample, timeoutMs: ctx.timeoutMs });
  result.spentMs += run.wallMs;
  result.runsDone++;
  if (run.timedOut) {
    result.timedOutMs = ctx.timeoutMs;
    result.error = `stopped after the ${ctx.timeoutMs / 1000} s limit of one run (--case-timeout)`;
    ctx.log(`  ${c.key}: TIMED OUT`);
    return null;
  }
  if (run.exitCode !== 0) {
    result.error = `exit ${run.exitCode}: ${lastLine(run.stderr)}`;
    ctx.log(`  ${c.key}: FAILED (${result.error})`);
    return null;
  }
  const self = isPythonPeer(c) ? parsePythonReport(run.stderr) : parseEngineSummary(run.stderr);
  ctx.log(`  ${c.key}: ${(run.wallMs / 1000).toFixed(2)} s`);
  return { wallMs: run.wallMs, peakRssBytes: run.peakRssBytes ?? self.peakRssBytes, cpuMs: run.cpuMs, self, heapMaxBytes: run.sampledMax };
}

export async function measureCases(cases: BenchCase[], ctx: MeasureContext): Promise<CaseResult[]> {
  const results: CaseResult[] = cases.map((benchCase) => ({
    benchCase,
    timedOutMs: null,
    samples: [],
    waitedMs: 0,
    runsDone: 0,
    spentMs: 0,
    error: null,
    notes: [],
    outputPath: join(ctx.outputDir, `${ctx.dataset.events}-${ctx.dataset.shape}-${benchCase.key.replace(/\//g, "-")}.ndjson`),
  }));
  ctx.log(`warm-up round (${ctx.dataset.events.toLocaleString("en")} events)`);
  for (const result of results) {
    const warm = await runOnce(result, ctx);
    if (warm !== null && warm.wallMs > SLOW_MS) {
      result.samples.push(warm);
      result.notes.push(`first run kept as a sample (over ${SLOW_MS / 1000} s, no separate warm-up)`);
    }
  }
  for (let round = 1; round <= ctx.runs; round++) {
    ctx.log(`round ${round} of ${ctx.runs}`);
    for (const result of results) {
      if (result.error !== null || result.samples.length >= (result.benchCase.maxRuns ?? ctx.runs)) continue;
      const expectedMs = result.spentMs / Math.max(1, result.runsDone);
      if (result.samples.length > 0 && result.spentMs + expectedMs > ctx.budgetMs) {
        if (!result.notes.some((note) => note.startsWith("budget"))) {
          result.notes.push(`budget: ${ctx.budgetMs / 1000} s per case reached after ${result.samples.length} measured run(s)`);
        }
        continue;
      }
      const sample = await runOnce(result, ctx);
      if (sample !== null) result.samples.push(sample);
    }
  }
  return results;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function medianOf(result: CaseResult, pick: (sample: Sample) => number | null | undefined): number | null {
  return median(result.samples.map(pick).filter((value): value is number => typeof value === "number"));
}
