// Bench: a worker's cold start, as every CLI run pays it. Each round is a fresh process
// (nothing compiled yet), alternating two kinds:
// - probe: a bare worker thread that imports the engine worker module: the module-loading
//   time measured inside the thread, and the time from `new Worker` to that import done;
// - pool: the parallel backend's piscina pool on the same script, the time from creating
//   the pool to each of its threads' first (empty) task done.
// Prints medians (ms). Timings only: nothing here is asserted anywhere.
//
//   node dist/bench/worker-cold-start.js [--rounds 9] [--threads 2] [--script PATH/engine-worker.js]
//                                        [--against OTHER/engine-worker.js]
// With --against, rounds alternate between the two builds (A/B on a shared machine).

import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { Piscina } from "piscina";
import type { GroupTask } from "../src/model/engine-tasks.js";
import { median } from "./measure.js";

interface Options {
  rounds: number;
  threads: number;
  script: string;
  against: string | undefined;
}

interface ProbeSample {
  loadMs: number;
  readyMs: number;
}

interface PoolSample {
  firstTaskMs: number;
  allTasksMs: number;
}

const here = dirname(fileURLToPath(import.meta.url));

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return {
    rounds: Number(value("--rounds") ?? 9),
    threads: Number(value("--threads") ?? 2),
    script: resolve(value("--script") ?? join(here, "..", "workers", "engine-worker.js")),
    against: value("--against") === undefined ? undefined : resolve(value("--against")!),
  };
}

/** One worker thread importing the script: its load time inside, and creation to done. */
async function probeOnce(script: string): Promise<ProbeSample> {
  const created = performance.now();
  const worker = new Worker(join(here, "worker-cold-start-probe.js"), { workerData: { script: pathToFileURL(script).href } });
  const { loadMs } = await new Promise<{ loadMs: number }>((done, fail) => {
    worker.once("message", done);
    worker.once("error", fail);
  });
  const readyMs = performance.now() - created;
  await worker.terminate();
  return { loadMs, readyMs };
}

/** An empty group task: what a worker answers as soon as its modules are loaded. */
function emptyGroupTask(partition: number, partitions: number): GroupTask {
  return {
    kind: "group",
    chunks: [],
    config: {
      partition,
      partitions,
      startDay: 0,
      dayCount: 1,
      communityOutput: new Int32Array(0),
      globalOutput: 0,
      recordCount: 0,
      parentCount: 0,
      dayUnits: new Int32Array([0, 1]),
      recordFacets: { facetOffsets: new Int32Array(1), facetValues: new Int32Array(0) },
      unitPartitions: new Int32Array([partition]),
    },
  };
}

async function poolOnce(script: string, threads: number): Promise<PoolSample> {
  const created = performance.now();
  const pool = new Piscina({ filename: script, minThreads: threads, maxThreads: threads });
  let firstTaskMs = Infinity;
  await Promise.all(
    Array.from({ length: threads }, (_, partition) =>
      pool.run(emptyGroupTask(partition, threads)).then(() => {
        firstTaskMs = Math.min(firstTaskMs, performance.now() - created);
      }),
    ),
  );
  const allTasksMs = performance.now() - created;
  await pool.destroy();
  return { firstTaskMs, allTasksMs };
}

/** Runs one kind in a fresh process (this script with --child) and returns its sample. */
function inFreshProcess<T>(kind: "probe" | "pool", script: string, threads: number): T {
  const args = [fileURLToPath(import.meta.url), "--child", kind, "--threads", String(threads), "--script", script];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8" })) as T;
}

function format(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${median(values)!.toFixed(1)} (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`;
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const child = argv.indexOf("--child");
  if (child >= 0) {
    const sample = argv[child + 1] === "probe" ? await probeOnce(options.script) : await poolOnce(options.script, options.threads);
    process.stdout.write(JSON.stringify(sample));
    return;
  }
  const scripts = options.against === undefined ? [options.script] : [options.script, options.against];
  const samples = scripts.map(() => ({ probes: [] as ProbeSample[], pools: [] as PoolSample[] }));
  for (let round = 0; round < options.rounds; round++) {
    scripts.forEach((script, s) => {
      samples[s].probes.push(inFreshProcess<ProbeSample>("probe", script, options.threads));
      samples[s].pools.push(inFreshProcess<PoolSample>("pool", script, options.threads));
    });
  }
  scripts.forEach((script, s) => {
    const { probes, pools } = samples[s];
    console.log(`worker cold start, ${options.rounds} fresh processes each, ${script}`);
    console.log(`  module loading in the worker:         ${format(probes.map((p) => p.loadMs))} ms`);
    console.log(`  new Worker -> modules loaded:         ${format(probes.map((p) => p.readyMs))} ms`);
    console.log(`  pool (${options.threads} threads) -> first task done:  ${format(pools.map((p) => p.firstTaskMs))} ms`);
    console.log(`  pool (${options.threads} threads) -> every thread's:   ${format(pools.map((p) => p.allTasksMs))} ms`);
  });
}

await main(process.argv.slice(2));
