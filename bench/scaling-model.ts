// Bench (scaling mode): pure functions. Per-thread CPU from /proc schedstat samples,
// attributed to the main thread (the coordinator), the workers and the rest, and the
// pipeline model of issue 15 fitted to the runs:
//
//   speedup(N) = (M + W1) / max(M, (W1 + (N - 1) f) / N)
//
// M the coordinator's CPU (it runs beside the workers and no number of workers shortens
// it), W1 the CPU of one worker doing all the work, f the extra CPU each further worker
// costs (start-up, module loading, its own caches; contention when threads outnumber cores).

/** Nanoseconds on the CPU: the first field of /proc/<pid>/task/<tid>/schedstat. */
export function parseSchedstat(text: string): number | null {
  const first = /^\d+/.exec(text.trim());
  return first === null ? null : Number(first[0]);
}

export interface ThreadCpu {
  mainS: number;
  /** Each worker thread's CPU seconds, in thread id order. */
  workersS: number[];
  /** V8's and libuv's threads, and whatever no sample saw (threads that ended between samples). */
  restS: number;
  totalS: number;
}

/**
 * `lastSeen`: each thread's largest CPU ns sampled; `totalS`: the process's whole CPU time
 * (GNU time: user + system), which also holds what ended between two samples.
 */
export function attributeCpu(lastSeen: ReadonlyMap<number, number>, mainTid: number, workerTids: ReadonlySet<number>, totalS: number): ThreadCpu {
  let mainNs = 0;
  const workers: [number, number][] = [];
  for (const [tid, ns] of lastSeen) {
    if (tid === mainTid) mainNs = ns;
    else if (workerTids.has(tid)) workers.push([tid, ns]);
  }
  workers.sort((a, b) => a[0] - b[0]);
  const workersS = workers.map(([, ns]) => ns / 1e9);
  const attributed = mainNs / 1e9 + workersS.reduce((sum, s) => sum + s, 0);
  return { mainS: mainNs / 1e9, workersS, restS: Math.max(0, totalS - attributed), totalS };
}

export interface ScalingPoint {
  threads: number;
  mainS: number;
  /** All workers together. */
  workersS: number;
}

export interface ScalingModel {
  /** Coordinator CPU seconds (mean over the runs). */
  m: number;
  /** Worker CPU seconds with one worker. */
  w1: number;
  /**
   * Extra worker CPU seconds per further worker: the median over the runs with N > 1 of
   * (W_N - W1) / (N - 1). A median, not least squares: the 16-thread run on a 2-core
   * machine, dominated by contention, would otherwise decide it alone.
   */
  f: number;
  /**
   * The same slope over the runs with no more threads than the machine has cores, where
   * every worker has a core of its own (on 2 cores: --threads 2 alone); null without
   * such a run. Runs beyond the cores take turns on them, and a thread whose caches the
   * others evicted while it waited does its work again slower: that is in f, not here.
   */
  fWithinCores: number | null;
}

/** `cores`: the measuring machine's. */
export function fitModel(points: readonly ScalingPoint[], cores: number): ScalingModel | null {
  const one = points.find((p) => p.threads === 1);
  if (one === undefined) return null;
  const m = points.reduce((sum, p) => sum + p.mainS, 0) / points.length;
  const slope = (p: ScalingPoint) => (p.workersS - one.workersS) / (p.threads - 1);
  const further = points.filter((p) => p.threads > 1);
  const withinCores = further.filter((p) => p.threads <= cores);
  return { m, w1: one.workersS, f: median(further.map(slope)) ?? 0, fWithinCores: median(withinCores.map(slope)) };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The model's speedup over one thread with N workers on N cores (the coordinator on its own); `f`: the model's unless given. */
export function projectedSpeedup(model: ScalingModel, n: number, f = model.f): number {
  const perWorker = (model.w1 + (n - 1) * f) / n;
  return (model.m + model.w1) / Math.max(model.m, perWorker);
}

/** The coordinator's CPU as a share of the workers' (issue 15: at most 5%). */
export function coordinatorShare(model: ScalingModel): number {
  return model.w1 > 0 ? model.m / model.w1 : Number.NaN;
}
