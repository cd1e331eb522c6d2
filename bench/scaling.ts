// Bench scaling mode (`npm run bench -- --scaling [--large]`, issue 15): the parallel
// backend at --threads 1, 2, 4, 8 and 16 on 1M events (and 10M with --large), each run's
// CPU per thread (main thread, each worker, the rest) sampled from /proc, the pipeline
// model of scaling-model.ts fitted to them, and its projected speedup at 4-32 cores
// beside the measured 2-core figure; then the same runs pinned to one core, for the
// per-worker cost f without contention. Writes SCALING.md and scaling.json beside RESULTS.md.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { dirname, join } from "node:path";
import type { DataShape } from "../src/generate/data-shapes.js";
import { LARGE_SIZE, type BenchOptions } from "./bench-options.js";
import { ONE_PASS_BUDGET } from "./cases.js";
import { compareDocuments, documentsMatch } from "../src/model/compare-documents.js";
import { readDocuments } from "./compare-documents.js";
import { CLI, datasetName, lastLine, prepareDataset } from "./datasets.js";
import { waitForQuiet } from "./quiet-gate.js";
import { attributeCpu } from "./scaling-model.js";
import { fitRuns, isoNow, refitted, SCALING_THREADS, scalingMarkdown, sum, type ScalingRun, type ScalingSet } from "./scaling-markdown.js";
import { canPin, runSampled } from "./thread-cpu.js";

const SCALING_SIZE = 1_000_000;

interface ScalingFile {
  command: string;
  /** The measuring machine's cores. */
  cores: number;
  sets: ScalingSet[];
}

function median<T>(items: T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[(items.length - 1) >> 1];
}

async function measureSet(options: BenchOptions, events: number, shape: DataShape, command: string, log: (line: string) => void): Promise<ScalingSet> {
  const { dataset } = await prepareDataset(options.dataDir, events, options.seed, shape, null);
  const outDir = join(options.dataDir, "out");
  mkdirSync(outDir, { recursive: true });
  const name = datasetName(events, options.seed, shape);
  const reference: { documents: unknown[] | null } = { documents: null };
  const measure = async (pin: boolean): Promise<ScalingRun[]> => {
    const runs: ScalingRun[] = [];
    for (const threads of SCALING_THREADS) {
      const out = join(outDir, `scaling-${name}-t${threads}${pin ? "-pinned" : ""}.ndjson`);
      const args = [CLI, "aggregate", "--backend", "parallel", "--threads", String(threads), "--input", dataset.dir, "--out", out, "--log-level", "warn"];
      // At 10M the planner's conservative estimate would cut days into windows: one pass, as
      // the bench's comparison with DuckDB runs it, so that what scales is the engine alone.
      if (events >= LARGE_SIZE) args.push("--max-memory", ONE_PASS_BUDGET);
      const samples: ScalingRun[] = [];
      for (let i = 0; i < options.runs; i++) {
        if (options.quietWaitSeconds > 0) await waitForQuiet(options.quietWaitSeconds * 1000);
        const run = await runSampled(args, { pin });
        if (run.exitCode !== 0) throw new Error(`--threads ${threads}${pin ? " pinned" : ""} failed (exit ${run.exitCode}): ${lastLine(run.stderr)}`);
        const cpu = attributeCpu(run.lastSeen, run.mainTid, run.workerTids, run.cpuS);
        samples.push({ threads, wallMs: run.wallMs, cpu, peakRssBytes: run.peakRssBytes, sameDocuments: null });
        log(
          `  ${events.toLocaleString("en")} ${shape} --threads ${threads}${pin ? " (pinned to one core)" : ""}: ${(run.wallMs / 1000).toFixed(2)} s, main ${cpu.mainS.toFixed(2)} + workers ${sum(cpu.workersS).toFixed(2)} CPU-s (${cpu.workersS.length} workers)`,
        );
      }
      const documents = readDocuments(out);
      const chosen = median(samples, (run) => run.wallMs);
      if (reference.documents === null) reference.documents = documents;
      else chosen.sameDocuments = documentsMatch(compareDocuments(reference.documents, documents));
      runs.push(chosen);
    }
    return runs;
  };
  const runs = await measure(false);
  const pinnedRuns = canPin() ? await measure(true) : [];
  return {
    events,
    shape,
    measuredAt: isoNow(),
    command,
    cpu: cpus()[0]?.model,
    runs,
    model: fitRuns(runs, availableParallelism()),
    pinned: { available: canPin(), runs: pinnedRuns, model: fitRuns(pinnedRuns, 1) },
  };
}

/** scaling.json beside RESULTS.md; null when there is none yet. */
function readScalingFile(options: BenchOptions): ScalingFile | null {
  const path = join(dirname(options.out), "scaling.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ScalingFile) : null;
}

/** `--scaling --report-only`: SCALING.md again from scaling.json (the model refitted). */
function rerender(options: BenchOptions, log: (line: string) => void): void {
  const saved = readScalingFile(options);
  if (saved === null) throw new Error(`--report-only: no scaling.json beside ${options.out} (run --scaling first)`);
  const sets = saved.sets.map((set) => refitted(set, saved.cores));
  writeFileSync(join(dirname(options.out), "SCALING.md"), scalingMarkdown(saved.command, sets, saved.cores));
  log(`rendered SCALING.md from scaling.json`);
}

export async function runScaling(options: BenchOptions, log: (line: string) => void): Promise<void> {
  if (options.reportOnly) return rerender(options, log);
  // --sizes (e.g. a small one to try the mode) replaces 1M (and 10M with --large).
  const sizes = options.sizesGiven ? options.sizes : [SCALING_SIZE, ...(options.sizes.includes(LARGE_SIZE) ? [LARGE_SIZE] : [])];
  const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`;
  // The 10M sets take most of an hour: a run replaces the sets it measures and keeps the others.
  const saved = readScalingFile(options);
  const sets = saved === null ? [] : saved.sets.map((set) => refitted(set, saved.cores));
  const write = () => {
    sets.sort((a, b) => a.events - b.events || a.shape.localeCompare(b.shape));
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(join(dirname(options.out), "scaling.json"), `${JSON.stringify({ command, cores: availableParallelism(), sets }, null, 1)}\n`);
    writeFileSync(join(dirname(options.out), "SCALING.md"), scalingMarkdown(command, sets, availableParallelism()));
  };
  for (const events of sizes) {
    for (const shape of options.shapes) {
      log(`scaling: ${events.toLocaleString("en")} events, ${shape} shape`);
      const measured = await measureSet(options, events, shape, command, log);
      const same = sets.findIndex((set) => set.events === events && set.shape === shape);
      if (same === -1) sets.push(measured);
      else sets[same] = measured;
      write();
    }
  }
  log(`wrote ${join(dirname(options.out), "SCALING.md")} and scaling.json`);
}
