// Bench: runs one command as a child process and measures it from spawn to exit: wall
// time, peak RSS (GNU time's %M when /usr/bin/time exists), stderr, and optionally a
// sampler polled while it runs (the OpenSearch heap).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ProcessResult {
  wallMs: number;
  exitCode: number;
  /** Peak resident set of the process (GNU time), null without /usr/bin/time. */
  peakRssBytes: number | null;
  /** User + system CPU time of the process (GNU time), null without /usr/bin/time. */
  cpuMs: number | null;
  stderr: string;
  /** Largest value the sampler returned while the process ran. */
  sampledMax: number | null;
  /** True when it was stopped at `timeoutMs`. */
  timedOut: boolean;
}

export interface ProcessOptions {
  env?: NodeJS.ProcessEnv;
  /** Polled every `sampleMs` while the process runs (failures are ignored). */
  sample?: () => Promise<number | null>;
  sampleMs?: number;
  /** Stop the process (SIGTERM to its process group, SIGKILL 15 s later) after this long. */
  timeoutMs?: number;
}

const GNU_TIME = "/usr/bin/time";
const STDERR_LIMIT = 64 * 1024;

export const hasGnuTime = existsSync(GNU_TIME);

export async function runProcess(command: string, args: string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const dir = mkdtempSync(join(tmpdir(), "usage-delta-bench-"));
  const timeFile = join(dir, "time");
  const [file, argv] = hasGnuTime ? [GNU_TIME, ["-f", "%M %U %S", "-o", timeFile, command, ...args]] : [command, args];
  let sampledMax: number | null = null;
  let sampling = options.sample !== undefined;
  const sampler = (async () => {
    while (sampling) {
      const value = await options.sample!().catch(() => null);
      if (value !== null) sampledMax = Math.max(sampledMax ?? 0, value);
      await new Promise((resolve) => setTimeout(resolve, options.sampleMs ?? 250));
    }
  })();
  try {
    const started = process.hrtime.bigint();
    // Its own process group, so that a timeout reaches the program under GNU time too.
    const child = spawn(file, argv, { stdio: ["ignore", "ignore", "pipe"], env: options.env ?? process.env, detached: true });
    let timedOut = false;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        /* already gone */
      }
    };
    const timers =
      options.timeoutMs === undefined
        ? []
        : [
            setTimeout(() => {
              timedOut = true;
              signal("SIGTERM");
            }, options.timeoutMs),
            setTimeout(() => signal("SIGKILL"), options.timeoutMs + 15_000),
          ];
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr = (stderr + text).slice(-STDERR_LIMIT);
    });
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    for (const timer of timers) clearTimeout(timer);
    sampling = false;
    await sampler;
    return { wallMs, exitCode, ...readGnuTime(timeFile), stderr, sampledMax, timedOut };
  } finally {
    sampling = false;
    rmSync(dir, { recursive: true, force: true });
  }
}

function readGnuTime(path: string): { peakRssBytes: number | null; cpuMs: number | null } {
  if (!existsSync(path)) return { peakRssBytes: null, cpuMs: null };
  // GNU time writes "Command exited with non-zero status N" before the format line on failures.
  const lines = readFileSync(path, "utf8").trim().split("\n");
  const [kib, user, system] = lines[lines.length - 1].split(" ").map(Number);
  return {
    peakRssBytes: Number.isFinite(kib) && kib > 0 ? kib * 1024 : null,
    cpuMs: Number.isFinite(user) && Number.isFinite(system) ? (user + system) * 1000 : null,
  };
}
