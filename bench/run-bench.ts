// Bench entry (`npm run bench -- [options]`): generates the datasets, starts OpenSearch
// and the Python venv where needed, measures every backend side by side at each size,
// and writes bench/RESULTS.md and bench/results.svg. See bench-options.ts for the flags.

import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { BenchUsageError, LARGE_SIZE, parseBenchOptions, USAGE, type BenchOptions } from "./bench-options.js";
import { casesFor, type Availability } from "./cases.js";
import type { DataShape } from "../src/generate/data-shapes.js";
import { CLI, prepareDataset, type Dataset } from "./datasets.js";
import { describeMachine, type Machine } from "./machine.js";
import { measureCases } from "./measure.js";
import { deleteIndices, ensureOpenSearch, type OpenSearchServer } from "./opensearch-server.js";
import { resultsMarkdown, type Report } from "./results-markdown.js";
import { resultsSvg } from "./results-svg.js";
import { runScaling } from "./scaling.js";
import { summarize, type Row } from "./summarize.js";
import { ratiosFor } from "./ratios.js";
import { targetsFor } from "./targets.js";

const run = promisify(execFile);
const started = Date.now();
const log = (line: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}\n`);

async function hasSearchBackend(): Promise<boolean> {
  const { stdout } = await run(process.execPath, [CLI, "aggregate", "--help"]);
  return /--backend[\s\S]*?choices:[^)]*"search"/.test(stdout);
}

async function setUpPython(notes: string[]): Promise<string | null> {
  try {
    const { stdout } = await run("bash", ["bench/setup-python.sh"], { maxBuffer: 1 << 20 });
    return stdout.trim().split("\n").pop()!.trim();
  } catch (error) {
    notes.push(`pandas and DuckDB rows skipped: bench/setup-python.sh failed (${(error as Error).message.split("\n")[0]})`);
    return null;
  }
}

async function setUpOpenSearch(notes: string[]): Promise<OpenSearchServer | null> {
  try {
    return await ensureOpenSearch(log);
  } catch (error) {
    notes.push(`OpenSearch rows skipped: no OpenSearch (${(error as Error).message.split("\n")[0]})`);
    return null;
  }
}

async function prepare(options: BenchOptions, events: number, shape: DataShape, server: OpenSearchServer | null, notes: string[]): Promise<Dataset> {
  const n = `${events.toLocaleString("en")} ${shape}`;
  if (server !== null) {
    const prefix = `bench-e${events}-${shape}-${started}-`;
    log(`generating ${n} events and indexing them into OpenSearch (${prefix}*)`);
    try {
      const { dataset, timings } = await prepareDataset(options.dataDir, events, options.seed, shape, { url: server.url, prefix });
      const seconds = (timings.loadMs ?? 0) / 1000;
      notes.push(
        `${n} events: generated and indexed into OpenSearch in ${seconds.toFixed(1)} s (${Math.round(events / seconds).toLocaleString("en")} events/s, generator included)`,
      );
      return dataset;
    } catch (error) {
      notes.push(`${n} events: loading into OpenSearch failed, OpenSearch rows skipped at this size (${(error as Error).message})`);
    }
  }
  log(`preparing ${n} events (files)`);
  const { dataset, timings } = await prepareDataset(options.dataDir, events, options.seed, shape, null);
  if (timings.generateMs !== null) notes.push(`${n} events: generated in ${(timings.generateMs / 1000).toFixed(1)} s`);
  return dataset;
}

/** What results.json keeps of a run: the report's measured part, derived parts left out. */
interface SavedRun extends Pick<Report, "command" | "machine" | "runs" | "caseBudgetSeconds" | "allThreads" | "rows" | "notes"> {
  measured: Measured[];
}

interface Measured {
  events: number;
  shape: DataShape;
}

function render(options: BenchOptions, saved: SavedRun): void {
  const report = {
    ...saved,
    ratios: saved.measured.flatMap(({ events, shape }) =>
      ratiosFor(
        saved.rows.filter((row) => row.shape === shape),
        events,
        saved.allThreads,
      ).map((ratio) => ({ ...ratio, shape })),
    ),
    targets: [...new Set(saved.measured.map((m) => m.shape))].flatMap((shape) => {
      const sizes = saved.measured.filter((m) => m.shape === shape).map((m) => m.events);
      return targetsFor(
        saved.rows.filter((row) => row.shape === shape),
        sizes,
        saved.allThreads,
        shape,
      );
    }),
    analysisPath: join(dirname(options.out), "analysis.md"),
  };
  writeFileSync(options.out, resultsMarkdown(report));
  const caption = `usage-delta bench, ${saved.machine.date}, ${saved.machine.cores} cores`;
  // The chart keeps to the default shape: its lines are backends against events.
  writeFileSync(
    join(dirname(options.out), "results.svg"),
    resultsSvg(
      saved.rows.filter((row) => row.shape === "default"),
      saved.allThreads,
      caption,
    ),
  );
}

function writeResults(options: BenchOptions, machine: Machine, rows: Row[], notes: string[], measured: Measured[]): void {
  const saved: SavedRun = {
    command: process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(" ")}` : "npm run bench",
    machine,
    runs: options.runs,
    caseBudgetSeconds: options.caseBudgetSeconds,
    allThreads: options.allThreads,
    rows,
    notes,
    measured,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(savedPath(options), `${JSON.stringify(saved, null, 1)}\n`);
  render(options, saved);
}

const savedPath = (options: BenchOptions) => join(dirname(options.out), "results.json");

async function main(argv: string[]): Promise<number> {
  const options = parseBenchOptions(argv);
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.scaling) {
    await runScaling(options, log);
    return 0;
  }
  if (options.reportOnly) {
    render(options, JSON.parse(readFileSync(savedPath(options), "utf8")) as SavedRun);
    log(`rendered ${options.out} and results.svg from ${savedPath(options)}`);
    return 0;
  }
  const notes: string[] = [];
  const searchBackend = await hasSearchBackend();
  if (!searchBackend && !options.skipOpenSearch) notes.push("search backend rows skipped: `aggregate --backend search` is not in this build");
  const python = options.skipPandas && options.skipDuckdb ? null : await setUpPython(notes);
  const server = options.skipOpenSearch ? null : await setUpOpenSearch(notes);
  const stop = async () => {
    await server?.stop();
  };
  process.once("SIGINT", () => {
    void stop().finally(() => process.exit(130));
  });
  try {
    const machine = await describeMachine(python, server?.version ?? null);
    if (server !== null)
      notes.push(
        `OpenSearch ${server.version} at ${server.url}, heap max ${Math.round(server.heapMaxBytes / 2 ** 20)} MiB${server.started ? " (started by the bench)" : ""}`,
      );
    if (options.skipOpenSearch) notes.push("OpenSearch rows skipped (--skip-opensearch)");
    if (options.skipPandas) notes.push("pandas rows skipped (--skip-pandas)");
    if (options.skipDuckdb) notes.push("DuckDB rows skipped (--skip-duckdb)");
    if (server !== null && options.sizes.some((events) => events > options.openSearchUpTo && events < LARGE_SIZE)) {
      notes.push(`OpenSearch rows only up to ${options.openSearchUpTo.toLocaleString("en")} events (--opensearch-up-to)`);
    }
    const rows: Row[] = [];
    const measured: Measured[] = [];
    mkdirSync(join(options.dataDir, "out"), { recursive: true });
    for (const events of options.sizes)
      for (const shape of options.shapes) {
        // The large dataset is for the bounded-memory case and its reference, from files: not loaded into OpenSearch.
        const dataset = await prepare(options, events, shape, events >= LARGE_SIZE || events > options.openSearchUpTo ? null : server, notes);
        const loadBefore = loadavg()[0];
        const available: Availability = {
          openSearch: dataset.indexPrefix !== null,
          searchBackend,
          pandas: python !== null && !options.skipPandas,
          duckdb: python !== null && !options.skipDuckdb,
        };
        const results = await measureCases(casesFor(options, available, events), {
          dataset,
          runs: options.runs,
          budgetMs: options.caseBudgetSeconds * 1000,
          timeoutMs: options.caseTimeoutSeconds * 1000,
          quietWaitMs: options.quietWaitSeconds * 1000,
          openSearchUrl: server?.url ?? null,
          python,
          outputDir: join(options.dataDir, "out"),
          log,
        });
        if (server !== null && dataset.indexPrefix !== null) await deleteIndices(server.url, dataset.indexPrefix);
        rows.push(...summarize(events, shape, results));
        const waitedS = results.reduce((sum, result) => sum + result.waitedMs, 0) / 1000;
        notes.push(
          `${events.toLocaleString("en")} events (${shape}): 1-minute load average ${loadBefore.toFixed(2)} before the runs, ${loadavg()[0].toFixed(2)} after (${options.allThreads} cores); ${waitedS.toFixed(0)} s spent waiting for idle CPUs before runs (at most ${options.quietWaitSeconds} s per run)`,
        );
        measured.push({ events, shape });
        writeResults(options, machine, rows, notes, measured);
        log(`${events.toLocaleString("en")} events (${shape}) done; results so far in ${options.out}`);
      }
    notes.push(`whole bench: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
    writeResults(options, machine, rows, notes, measured);
    log(`wrote ${options.out} and results.svg`);
    return 0;
  } finally {
    await stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof BenchUsageError) process.stderr.write(`${error.message}\n${USAGE}\n`);
    else process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = error instanceof BenchUsageError ? 2 : 1;
  },
);
