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
}

export function fitModel(points: readonly ScalingPoint[]): ScalingModel | null {
  const one = points.find((p) => p.threads === 1);
  if (one === undefined) return null;
  const m = points.reduce((sum, p) => sum + p.mainS, 0) / points.length;
  const slopes = points
    .filter((p) => p.threads > 1)
    .map((p) => (p.workersS - one.workersS) / (p.threads - 1))
    .sort((a, b) => a - b);
  const middle = slopes.length >> 1;
  const f = slopes.length === 0 ? 0 : slopes.length % 2 === 1 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2;
  return { m, w1: one.workersS, f };
}

/** The model's speedup over one thread with N workers on N cores (the coordinator on its own). */
export function projectedSpeedup(model: ScalingModel, n: number): number {
  const perWorker = (model.w1 + (n - 1) * model.f) / n;
  return (model.m + model.w1) / Math.max(model.m, perWorker);
}

/** The coordinator's CPU as a share of the workers' (issue 15: at most 5%). */
export function coordinatorShare(model: ScalingModel): number {
  return model.w1 > 0 ? model.m / model.w1 : Number.NaN;
}
