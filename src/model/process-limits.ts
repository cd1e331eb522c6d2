// The process's resource limits (Linux: /proc/self/limits), and the one-line message for
// an error that a too-low limit causes: which limit to raise. Node cannot raise a limit
// itself, nor catch a V8 fatal error, so the planner plans within them where it can.

import { readFileSync } from "node:fs";

// Read once, at start-up: once the files are exhausted, even this could not be read.
const LIMITS = readLimits();

function readLimits(): string {
  try {
    return readFileSync("/proc/self/limits", "utf8");
  } catch {
    return "";
  }
}

/** A soft limit by its /proc name ("Max open files"), as the process started; undefined: unlimited or unknown (not Linux). */
export function softLimit(name: "Max open files" | "Max address space"): number | undefined {
  const line = LIMITS.split("\n").find((l) => l.startsWith(name));
  const value = line?.slice(name.length).trim().split(/\s+/)[0];
  return value === undefined || value === "unlimited" ? undefined : Number(value);
}

/**
 * Whether this process makes WebAssembly memories (the event scanner's): V8 reserves
 * ~10 GiB of address space around each, which a process under an address-space limit
 * (ulimit -v) cannot spare, its planner counting on every byte of it. `addressSpaceBytes`:
 * the soft limit (the process's own when not given; undefined: none).
 */
export function makesWebAssemblyMemory(addressSpaceBytes: number | undefined = softLimit("Max address space")): boolean {
  return addressSpaceBytes === undefined;
}

/**
 * The fewest open files a run is allowed to start with. Measured on the reference machine
 * (2026-12-04): Node 20 needs ~100 just to load the program (its module loader holds many
 * files open at once), Node 24 about 34 with a pool of two; Node 24 itself crashes before
 * any JavaScript runs below ~21. Checked at start-up, so that a low limit is one line
 * whatever the Node version, rather than a load failure on one and a late EMFILE on another.
 */
export const MIN_OPEN_FILES = 128;

/** The one-line refusal when the open-file limit is below MIN_OPEN_FILES; undefined when it is enough or unknown. */
export function openFilesShortfall(): string | undefined {
  const limit = softLimit("Max open files");
  if (limit === undefined || limit >= MIN_OPEN_FILES) return undefined;
  return `the limit of open files (ulimit -n) is ${limit}, below the ${MIN_OPEN_FILES} a run needs: raise it, e.g. to 4096`;
}

/** EMFILE (too many open files) and ENFILE as one line naming the limit to raise (exit EXIT.limit); undefined for any other error. */
export function describeLimitError(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EMFILE") {
    const limit = softLimit("Max open files");
    const now = limit === undefined ? "" : ` (it is ${limit})`;
    return `too many open files: raise the limit of open files, ulimit -n${now}, e.g. to 4096`;
  }
  if (code === "ENFILE") return "too many open files on this system (ENFILE): raise fs.file-max, or close other programs";
  // V8's RangeError when the system refuses the memory of a buffer: near an address-space
  // limit the planner's margin did not cover, or a machine out of memory.
  if (error instanceof RangeError && /allocation failed/i.test(error.message)) {
    const limit = softLimit("Max address space");
    const now = limit === undefined ? "" : `: raise the address-space limit, ulimit -v (it is ${Math.round(limit / 2 ** 20)} MiB)`;
    return `out of memory (${error.message})${now}`;
  }
  return undefined;
}
