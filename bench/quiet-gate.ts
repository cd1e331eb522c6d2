// Bench: waits, before each measured run, until the machine's CPUs have been mostly idle
// for a moment (other work shares this machine; the bench itself is idle between runs),
// or until a time limit. Linux only (/proc/stat); elsewhere it returns at once.

import { existsSync, readFileSync } from "node:fs";

const STAT = "/proc/stat";
const WINDOW_MS = 500;
/** Busy share of all CPUs under which a window counts as quiet. */
const QUIET_SHARE = 0.25;
const QUIET_WINDOWS = 2;

function cpuTicks(): { busy: number; total: number } {
  const line = readFileSync(STAT, "utf8").split("\n", 1)[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + (steal || 0);
  return { busy, total: busy + idle + (iowait || 0) };
}

/** Milliseconds waited. */
export async function waitForQuiet(maxWaitMs: number): Promise<number> {
  if (!existsSync(STAT)) return 0;
  const started = Date.now();
  let quiet = 0;
  let before = cpuTicks();
  while (Date.now() - started < maxWaitMs) {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const after = cpuTicks();
    const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    before = after;
    quiet = share < QUIET_SHARE ? quiet + 1 : 0;
    if (quiet >= QUIET_WINDOWS) break;
  }
  return Date.now() - started;
}
