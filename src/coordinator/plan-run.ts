// The planner: which backend, and whether to run in day windows, from the size of the
// work and the memory budget. Every number here is a measurement (bench/, see README),
// overridable from the command line; `--explain` prints the reasoning.

import type { Backend, BackendChoice } from "../model/backend.js";
import { fitAddressSpace } from "./plan-address-space.js";
import { memoryFloor } from "./plan-floor.js";
import { formatCount } from "../model/format-count.js";
import { makesWebAssemblyMemory } from "../model/process-limits.js";

/** Measured on the 2-core reference machine with the generated datasets (README, "Planner"). */
export const MEASURED = {
  /**
   * Peak RSS growth per counted event held by a single pass, with margin: measured ~600
   * (100k events: ~415 MiB, 1M: ~920 MiB); the rest covers worker heaps the collector
   * returns late and records richer than the generated ones.
   */
  bytesPerEvent: 1000,
  /** RSS of a run that holds no events (process, workers, record index of 50k records). */
  baseBytes: 300 * 2 ** 20,
  /**
   * Below this many events a worker pool costs more to start (its threads load the engine
   * and compile it, each for itself) than a second thread saves: bench of 2026-11-24, 100k
   * events (estimated 126k) 1.10 s in one thread against 1.22 s on the pool, 1M 6.20 s
   * against 4.16 s; the pool saves ~1.7 us per event and costs ~0.25 s.
   */
  poolStartupEvents: 150_000,
  /**
   * The least work that pays for one more worker: each costs ~0.1 CPU-s to start (its
   * isolate, the engine's modules) and more to warm up (compiling the kernels for itself),
   * against ~4-9 us of CPU per event (bench; analysis.md, "Coordinator and worker costs").
   * Two chunks of 50,000: a worker with less than that spends a large part of its time
   * starting.
   */
  eventsPerWorker: 100_000,
} as const;

export interface PlanInput {
  requested: BackendChoice;
  /** Events the source expects in the range (undefined: cannot tell). */
  estimatedEvents: number | undefined;
  maxMemoryBytes: number;
  bytesPerEvent: number;
  threads: number;
  /** The user gave `--threads`: kept (else the planner may start fewer workers for a small run). */
  threadsGiven?: boolean;
  /** The user gave the budget (`--max-memory`): a budget below the run's floor is refused rather than passed. */
  budgetGiven?: boolean;
  /** Bytes of the record documents (files), for the floor; undefined: cannot tell. */
  recordBytes?: number;
  /** An event input that can be read only once (a pipe): the run must be one pass. */
  readOnce?: string;
  /** The soft limit of address space (`ulimit -v`); undefined: none. */
  addressSpaceBytes?: number;
  /** Day windows asked for (tests): a plan of two passes. */
  forcedWindowEvents?: number;
}

export interface RunPlan {
  backend: Backend;
  /** Worker threads of the parallel backend: those asked for, or fewer (a small run, address space). */
  threads?: number;
  /** Set: bounded memory, day windows of at most this many events. */
  windowEvents?: number;
  explanation: string[];
  /** The least the run can use (plan-floor.ts): the budget less it is what the events and documents may take. */
  floorBytes: number;
  /** The plan cannot work: a one-line reason to stop before any work (exit 2). */
  refusal?: string;
}

export function planRun(input: PlanInput): RunPlan {
  const explanation: string[] = [];
  const { estimatedEvents: events, maxMemoryBytes, bytesPerEvent } = input;
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  let backend: Backend;
  if (input.requested !== "auto") {
    backend = input.requested;
    explanation.push(`backend ${backend}: asked for with --backend`);
  } else if (events !== undefined && (events < MEASURED.poolStartupEvents || input.threads === 1)) {
    backend = "memory";
    explanation.push(
      input.threads === 1
        ? "backend memory: one thread asked for, a pool would only add its start-up"
        : `backend memory: about ${formatCount(events)} events, fewer than the ${formatCount(MEASURED.poolStartupEvents)} below which a worker pool costs more to start than it saves`,
    );
  } else {
    backend = "parallel";
    explanation.push(`backend parallel (${input.threads} threads): ${events === undefined ? "size unknown" : `about ${formatCount(events)} events`}`);
  }
  const space = fitAddressSpace(input.addressSpaceBytes, backend, poolSize(input, backend, explanation), input.requested !== "auto");
  if (space.note !== undefined) explanation.push(space.note);
  if (space.refusal !== undefined) return { backend, floorBytes: 0, explanation, refusal: space.refusal };
  // The scanner decides by the same predicate (src/parse/wasm-event-scanner.ts): ~10% more CPU on busy records.
  if (!makesWebAssemblyMemory(input.addressSpaceBytes))
    explanation.push("address space: events are read by the JavaScript scanner, not the WebAssembly one (each of its memories reserves ~10 GiB)");
  backend = space.backend;
  const threads = space.threads;
  const floor = memoryFloor({ workerThreads: backend === "parallel" ? threads : 0, recordBytes: input.recordBytes });
  if (floor.bytes > maxMemoryBytes) {
    explanation.push(
      `memory: the least this run can use is about ${mib(floor.bytes)} (${floor.parts}); the budget of ${mib(maxMemoryBytes)} is below it` +
        (input.budgetGiven === true ? "" : ": going on, over it"),
    );
    if (input.budgetGiven === true) {
      const fewer = backend === "parallel" ? ", or fewer --threads" : "";
      return {
        backend,
        threads,
        floorBytes: floor.bytes,
        explanation,
        refusal: `--max-memory ${mib(maxMemoryBytes)} is below the least this run can use, about ${mib(floor.bytes)} (--explain says why): raise it${fewer}`,
      };
    }
  }
  const twoPasses = (windowEvents: number, why: string): RunPlan => {
    explanation.push(why);
    if (input.readOnce === undefined) return { backend, threads, floorBytes: floor.bytes, windowEvents, explanation };
    return {
      backend,
      threads,
      floorBytes: floor.bytes,
      explanation,
      refusal: `${input.readOnce} can be read only once (not a regular file), and this run needs two passes (day windows): give a regular file, or raise --max-memory`,
    };
  };
  if (input.forcedWindowEvents !== undefined)
    return twoPasses(input.forcedWindowEvents, `memory: day windows of at most ${formatCount(input.forcedWindowEvents)} events, as asked`);
  // Windows are sized to three quarters of the budget: RSS also carries the parse churn
  // of the worker heaps, which the collector returns late.
  const budgetEvents = Math.max(1, Math.floor((0.75 * maxMemoryBytes - MEASURED.baseBytes) / bytesPerEvent));
  if (events === undefined && input.readOnce !== undefined) {
    explanation.push(`memory: size unknown, and ${input.readOnce} can be read only once: one pass`);
    return { backend, threads, floorBytes: floor.bytes, explanation };
  }
  if (events === undefined) {
    return twoPasses(
      budgetEvents,
      `memory: size unknown, so day windows of at most ${formatCount(budgetEvents)} events (budget ${mib(maxMemoryBytes)} at ${bytesPerEvent} bytes per event)`,
    );
  }
  const needed = MEASURED.baseBytes + events * bytesPerEvent;
  if (needed <= maxMemoryBytes) {
    explanation.push(`memory: one pass needs about ${mib(needed)}, within the budget of ${mib(maxMemoryBytes)}`);
    return { backend, threads, floorBytes: floor.bytes, explanation };
  }
  return twoPasses(
    budgetEvents,
    `memory: one pass would need about ${mib(needed)}, over the budget of ${mib(maxMemoryBytes)}: ` +
      `a scan, then day windows of at most ${formatCount(budgetEvents)} events`,
  );
}

/** Threads for the pool: the cores (or --threads), fewer for a small run unless --threads was given. */
function poolSize(input: PlanInput, backend: Backend, explanation: string[]): number {
  const { threads, estimatedEvents: events } = input;
  if (backend !== "parallel" || input.threadsGiven === true || events === undefined) return threads;
  const worth = Math.max(1, Math.ceil(events / MEASURED.eventsPerWorker));
  if (worth >= threads) return threads;
  explanation.push(
    `threads ${worth} of ${threads}: about ${formatCount(events)} events, one worker per ${formatCount(MEASURED.eventsPerWorker)} (a worker costs more to start than it would save on less; --threads sets it)`,
  );
  return worth;
}
