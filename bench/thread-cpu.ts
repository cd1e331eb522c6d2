// Bench (scaling mode): runs one process under GNU time and samples the CPU time of each
// of its threads from /proc/<pid>/task/*/schedstat while it runs (every few ms, so that a
// thread that ends is seen close to its end; what no sample saw lands in "rest").

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseSchedstat } from "./scaling-model.js";

const GNU_TIME = "/usr/bin/time";
const TASKSET = "/usr/bin/taskset";
const PRELOAD = resolve("bench/thread-tag.cjs");

/** Whether runs can be pinned to one core (`taskset -c 0`, util-linux). */
export const canPin = (): boolean => existsSync(TASKSET);

export interface SampledRun {
  exitCode: number | null;
  wallMs: number;
  /** User + system CPU of the whole process (GNU time), s. */
  cpuS: number;
  peakRssBytes: number;
  mainTid: number;
  workerTids: Set<number>;
  /** Largest CPU ns sampled per thread. */
  lastSeen: Map<number, number>;
  stderr: string;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null; // the thread (or process) ended meanwhile
  }
}

function sample(pid: number, lastSeen: Map<number, number>): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    const text = readText(`/proc/${pid}/task/${tid}/schedstat`);
    const ns = text === null ? null : parseSchedstat(text);
    if (ns !== null && ns > (lastSeen.get(Number(tid)) ?? -1)) lastSeen.set(Number(tid), ns);
  }
}

/**
 * `node --require thread-tag.cjs args...` under GNU time, threads sampled every `intervalMs`.
 * `pin`: the whole process on core 0 (`taskset -c 0`; the sampler stays free): its threads
 * take turns on one core, so extra CPU with more threads is duplicated work, not contention.
 */
export async function runSampled(args: string[], options: { pin?: boolean; intervalMs?: number } = {}): Promise<SampledRun> {
  const intervalMs = options.intervalMs ?? 5;
  if (!existsSync(GNU_TIME)) throw new Error(`the scaling mode needs GNU time at ${GNU_TIME}`);
  const dir = mkdtempSync(join(tmpdir(), "usage-delta-scaling-"));
  const timeFile = join(dir, "time");
  const tagFile = join(dir, "tags");
  const started = performance.now();
  const timed = [GNU_TIME, "-f", "%M %U %S", "-o", timeFile, process.execPath, "--require", PRELOAD, ...args];
  // taskset execs GNU time in its own process: the measured node is still the only grandchild.
  const command = options.pin === true ? [TASKSET, "-c", "0", ...timed] : timed;
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, USAGE_DELTA_THREAD_TAGS: tagFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lastSeen = new Map<number, number>();
  let pid = 0;
  const timer = setInterval(() => {
    // GNU time's only child is the measured node process.
    if (pid === 0) pid = Number((readText(`/proc/${child.pid}/task/${child.pid}/children`) ?? "").trim().split(/\s+/)[0]) || 0;
    if (pid !== 0) sample(pid, lastSeen);
  }, intervalMs);
  const exitCode = await new Promise<number | null>((done) => child.on("close", done));
  clearInterval(timer);
  const wallMs = performance.now() - started;
  const [rssKiB, user, system] = (readText(timeFile) ?? "").trim().split("\n").pop()!.split(/\s+/).map(Number);
  const workerTids = new Set(
    (readText(tagFile) ?? "")
      .split("\n")
      .filter((line) => line !== "")
      .map(Number),
  );
  rmSync(dir, { recursive: true, force: true });
  return { exitCode, wallMs, cpuS: user + system, peakRssBytes: rssKiB * 1024, mainTid: pid, workerTids, lastSeen, stderr };
}
