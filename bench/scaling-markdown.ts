// Bench scaling mode: what it saves (scaling.json) and how SCALING.md shows it: the
// runs' CPU per thread, the model of scaling-model.ts fitted to them (workers alone, and
// with V8's helper threads), its projected speedups, and the pinned runs beside them.

import { availableParallelism } from "node:os";
import type { DataShape } from "../src/generate/data-shapes.js";
import { coordinatorShare, fitModel, projectedSpeedup, type ScalingModel, type ThreadCpu } from "./scaling-model.js";

export const SCALING_THREADS = [1, 2, 4, 8, 16];
export const PROJECTED_CORES = [4, 8, 16, 32];

export interface ScalingRun {
  threads: number;
  wallMs: number;
  cpu: ThreadCpu;
  peakRssBytes: number;
  /** Documents equal to the --threads 1 run's (null for that run itself). */
  sameDocuments: boolean | null;
}

/** The same thread counts with the whole process pinned to one core (taskset -c 0). */
export interface PinnedRuns {
  /** False where taskset is missing: nothing was pinned. */
  available: boolean;
  runs: ScalingRun[];
  model: ScalingModel | null;
}

export interface ScalingSet {
  events: number;
  shape: DataShape;
  runs: ScalingRun[];
  model: ScalingModel | null;
  /** Absent in scaling.json files written before the pinned runs. */
  pinned?: PinnedRuns;
  /** When and by which command this set was measured (absent in older scaling.json files). */
  measuredAt?: string;
  command?: string;
  /** The measuring machine's processor (absent in older scaling.json files): sets measured on different machines are not comparable. */
  cpu?: string;
}

/** The CPU a run's workers did: the worker threads alone. */
const workersOnly = (cpu: ThreadCpu) => sum(cpu.workersS);

/**
 * The same with `rest` (V8's helper threads: the concurrent collector and compilers)
 * counted as the workers' work. Nearly all of it serves the worker isolates, and it moves:
 * with a core idle (--threads 1 on 2 cores) the helpers do it there, with every core busy
 * more of it lands on the workers' own threads. Counted apart, that move reads as cost
 * of a further worker; counted together, it does not.
 */
const workersAndHelpers = (cpu: ThreadCpu) => sum(cpu.workersS) + cpu.restS;

/** `cores`: those the runs had (1 when pinned); `workerCpu`: what counts as the workers' CPU. */
export const fitRuns = (runs: readonly ScalingRun[], cores: number, workerCpu: (cpu: ThreadCpu) => number = workersOnly) =>
  fitModel(
    runs.map((run) => ({ threads: run.threads, mainS: run.cpu.mainS, workersS: workerCpu(run.cpu) })),
    cores,
  );
export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const s2 = (value: number) => value.toFixed(2);
export const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/** `cores`: the measuring machine's. */
function setMarkdown(set: ScalingSet, cores: number): string[] {
  const one = set.runs.find((run) => run.threads === 1);
  const lines = [
    `### ${set.events.toLocaleString("en")} events, ${set.shape} shape`,
    "",
    ...(set.measuredAt === undefined ? [] : [`Measured ${set.measuredAt}${set.cpu === undefined ? "" : ` on ${set.cpu}`} by \`${set.command}\`.`, ""]),
    "| --threads | wall s | speedup (wall, 2 cores) | main thread CPU s | workers CPU s, all | per worker CPU s | rest CPU s | process CPU s | peak RSS MiB | same documents as --threads 1 |",
    "|---:|---:|---:|---:|---:|---|---:|---:|---:|---|",
  ];
  for (const run of set.runs) {
    const speedup = one === undefined ? "n/a" : `${(one.wallMs / run.wallMs).toFixed(2)}x`;
    const same = run.sameDocuments === null ? "reference" : run.sameDocuments ? "yes" : "**no**";
    const c = run.cpu;
    lines.push(
      `| ${run.threads} | ${s2(run.wallMs / 1000)} | ${speedup} | ${s2(c.mainS)} | ${s2(sum(c.workersS))} | ${c.workersS.map(s2).join(", ")} | ${s2(c.restS)} | ${s2(c.totalS)} | ${Math.round(run.peakRssBytes / 2 ** 20)} | ${same} |`,
    );
  }
  const m = set.model;
  if (m === null) return lines;
  const measured2 = one === undefined ? null : set.runs.find((run) => run.threads === 2);
  // A negative f means the --threads 1 run cost more than runs with more workers (a disturbed
  // run, or one worker's larger heap): the model then projects more than linear speedup.
  const untrusted =
    m.f < 0
      ? [
          "",
          `**f < 0: the --threads 1 run cost more worker CPU (${s2(m.w1)} s) than runs with more workers; the projection below is not meaningful (more than linear). Read the pinned f instead, or run again with --runs 3.**`,
        ]
      : [];
  lines.push(
    ...untrusted,
    "",
    `Model fitted to these runs: M = ${s2(m.m)} CPU-s (coordinator), W1 = ${s2(m.w1)} CPU-s (one worker), f = ${s2(m.f)} CPU-s per further worker; coordinator at ${(coordinatorShare(m) * 100).toFixed(1)}% of the worker CPU (issue 15: at most 5%; f at most 0.1).`,
    "",
    ...helpersLine(set, cores),
    ...withinCoresLine(m, cores),
    "| cores (= workers) | projected speedup over one thread doing it all (M + W1) | projected over --threads 1 (coordinator + 1 worker) | the same, with f within the cores | measured over --threads 1 |",
    "|---:|---:|---:|---:|---|",
    `| 2 | ${projectedSpeedup(m, 2).toFixed(2)}x | ${overOneThread(m, 2, m.f)} | ${withinCoresRatio(m, 2)} | ${measured2 == null || one === undefined ? "n/a" : `${(one.wallMs / measured2.wallMs).toFixed(2)}x (wall, this 2-core machine, shared)`} |`,
    ...PROJECTED_CORES.map(
      (n) => `| ${n} | ${projectedSpeedup(m, n).toFixed(2)}x | ${overOneThread(m, n, m.f)} | ${withinCoresRatio(m, n)} | not measurable here (2 cores) |`,
    ),
    "",
    ...pinnedMarkdown(set),
  );
  return lines;
}

/** The same model with the helper threads' CPU counted as the workers' (workersAndHelpers). */
function helpersLine(set: ScalingSet, cores: number): string[] {
  const h = fitRuns(set.runs, cores, workersAndHelpers);
  if (h === null) return [];
  const within = h.fWithinCores === null ? "" : `, ${s2(h.fWithinCores)} within the cores`;
  const at16Within = h.fWithinCores === null ? "" : ` (${withinCoresRatio(h, 16)} with f within the cores)`;
  return [
    `With V8's helper threads (\`rest\`) counted as the workers' work: W1 + rest = ${s2(h.w1)} CPU-s, f = ${s2(h.f)} CPU-s per further worker${within}; coordinator at ${(coordinatorShare(h) * 100).toFixed(1)}% of it; projected over --threads 1 at 16 cores: ${overOneThread(h, 16, h.f)}${at16Within}. The helpers (concurrent collector, compilers) serve the worker isolates; with a core idle they run there, with every core busy more of their work lands on the workers' own threads, which the workers-only f above reads as the cost of a further worker.`,
    "",
  ];
}

/** f fitted to the runs that had a core per worker, and what it changes; nothing when there is none. */
function withinCoresLine(m: ScalingModel, cores: number): string[] {
  if (m.fWithinCores === null) return [];
  const counts = SCALING_THREADS.filter((threads) => threads > 1 && threads <= cores);
  const which = counts.length === 1 ? `--threads ${counts[0]} alone, so one run decides it` : `--threads ${counts.join(", ")}`;
  // Below zero is a further worker costing nothing measurable (the runs' spread): projected with 0.
  const negative =
    m.fWithinCores < 0 ? ": no cost of a further worker stands out of the runs' spread, so the column below projects with f = 0 (bounded by M alone)" : "";
  return [
    `Fitted to the runs with no more threads than cores (every worker on a core of its own; on this ${cores}-core machine ${which}): f = ${s2(m.fWithinCores)} CPU-s per further worker${negative}. The runs beyond the cores take turns on them, and a worker whose caches were evicted while it waited redoes its work slower; a host with a core per worker has no such turns, so the column with f within the cores is the closer projection for it; the issue's criteria are read from the f above.`,
    "",
  ];
}

/** The projected speedup at n cores over --threads 1 (the coordinator and one worker), with f. */
function overOneThread(m: ScalingModel, n: number, f: number): string {
  return `${(projectedSpeedup(m, n, f) / projectedSpeedup(m, 1, f)).toFixed(2)}x`;
}

function withinCoresRatio(m: ScalingModel, n: number): string {
  return m.fWithinCores === null ? "n/a" : overOneThread(m, n, Math.max(0, m.fWithinCores));
}

/** The pinned runs and their f beside the model's (2-core) f. */
function pinnedMarkdown(set: ScalingSet): string[] {
  const pinned = set.pinned;
  if (pinned === undefined) return [];
  const title = `#### The same runs pinned to one core (\`taskset -c 0\`)`;
  if (!pinned.available) return [title, "", "Not measured: `taskset` (util-linux) is not on this machine, so only the 2-core f above exists.", ""];
  const lines = [
    title,
    "",
    "| --threads | wall s (one core) | main thread CPU s | workers CPU s, all | rest CPU s | process CPU s | same documents as --threads 1 |",
    "|---:|---:|---:|---:|---:|---:|---|",
    ...pinned.runs.map((run) => {
      const c = run.cpu;
      const same = run.sameDocuments === false ? "**no**" : "yes";
      return `| ${run.threads} | ${s2(run.wallMs / 1000)} | ${s2(c.mainS)} | ${s2(sum(c.workersS))} | ${s2(c.restS)} | ${s2(c.totalS)} | ${same} |`;
    }),
    "",
  ];
  const f1 = pinned.model?.f;
  const f2 = set.model?.f;
  if (f1 !== undefined && f2 !== undefined) {
    lines.push(
      `f pinned to one core: **${s2(f1)} CPU-s** per further worker, beside f = ${s2(f2)} CPU-s on 2 cores (the model above; same median of (W_N - W1) / (N - 1)). Pinned, the threads take turns on one core: f is the work each further worker duplicates (start-up, compiling the kernels in its own isolate, its own caches, its share of per-chunk and per-partition costs) plus time-slice switches, without cross-core contention; on 2 cores it also holds contention and oversubscription (up to 16 threads on 2 cores).`,
      "",
    );
  }
  return lines;
}

export function scalingMarkdown(command: string, sets: ScalingSet[], cores: number): string {
  return [
    "# Thread scaling",
    "",
    `Produced by \`${command}\` (bench/scaling.ts) on ${isoNow()}, ${availableParallelism()} cores; a run keeps the sets of other sizes and shapes from scaling.json, each with its own date. Do not edit by hand: run it again.`,
    "",
    `**This machine has ${availableParallelism()} cores: runs with more threads than cores measure CPU, not speed.** The projected speedups below come from the model and the per-thread CPU measured here; they are the honest figure for a larger host. The only measured speedup is the 2-core one.`,
    "",
    "- Per-thread CPU: `/proc/<pid>/task/<tid>/schedstat` sampled every 5 ms while the run goes; worker threads are told apart by a preload (`bench/thread-tag.cjs`) that records each worker's thread id; `rest` = the process's whole CPU (GNU time) minus main and workers: V8's and libuv's helper threads, and the last few ms of a thread that ended between two samples.",
    "- Model (bench/analysis.md, \"Scaling model\"): speedup(N) = (M + W1) / max(M, (W1 + (N - 1) f) / N); M the main thread's CPU (mean over the runs), W1 the workers' CPU at one thread, f the median over the runs of (W_N - W1) / (N - 1) (a median: the most oversubscribed run alone would decide a least-squares fit). Runs with more threads than cores inflate f (contention), so the projection errs low.",
    `- Each thread count runs the same files; its documents are compared with the --threads 1 run's (all fields but \`timestamp\`). Median of the runs by wall time.`,
    ...(sets.some((set) => set.pinned !== undefined)
      ? [
          "- Pinned runs: the same thread counts again with the whole process on one core (`taskset -c 0`; the sampler is not pinned), and f fitted to them the same way: what each further worker costs without cross-core contention.",
        ]
      : []),
    "",
    ...sets.flatMap((set) => setMarkdown(set, cores)),
  ].join("\n");
}

/** A saved set with its models fitted again by this code (a set saved by older code may lack a model's newer fields). */
export function refitted(set: ScalingSet, cores: number): ScalingSet {
  return {
    ...set,
    model: fitRuns(set.runs, cores),
    pinned: set.pinned === undefined ? undefined : { ...set.pinned, model: fitRuns(set.pinned.runs, 1) },
  };
}
