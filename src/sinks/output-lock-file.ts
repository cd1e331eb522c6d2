// The file sink's lock: `<out>.lock` beside the output, created with O_EXCL (only one
// run can create it), holding the holder's host, pid and start time. A lock whose pid no
// longer exists on this host (a run killed outright) is taken over; one of another host
// (shared storage) is never judged from here.

import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { processAlive } from "../model/process-alive.js";
import type { HeldLock, LockHolder, LockSlot } from "./output-lock.js";

export function lockPathFor(outPath: string): string {
  return `${outPath}.lock`;
}

// A lock file still empty this long after it was created: its run died between creating
// and writing it (the two are one synchronous step, microseconds apart).
const UNWRITTEN_GRACE_MS = 5_000;

export function fileLockSlot(outPath: string): LockSlot {
  const path = lockPathFor(outPath);
  return {
    location: path,
    async tryAcquire() {
      const me: LockHolder = { host: hostname(), pid: process.pid, since: new Date().toISOString() };
      const text = JSON.stringify(me);
      if (createExclusive(path, text)) return heldFile(path, text);
      const seen = readText(path);
      if (seen === undefined) return createExclusive(path, text) ? heldFile(path, text) : (readHolder(path) ?? unknownHolder());
      const holder = parseHolder(seen);
      if (holder !== undefined && !deadHere(holder)) return holder;
      if (holder === undefined && ageMs(path) < UNWRITTEN_GRACE_MS) return unknownHolder();
      return takeOver(path, seen, text) ? heldFile(path, text) : (readHolder(path) ?? unknownHolder());
    },
  };
}

/** What the lock file says now (status uses it too); undefined when there is none or it is unreadable. */
export function readHolder(path: string): LockHolder | undefined {
  const text = readText(path);
  return text === undefined ? undefined : parseHolder(text);
}

/** A holder on this host whose process is gone. */
export function deadHere(holder: LockHolder): boolean {
  return holder.host === hostname() && !processAlive(holder.pid);
}

/**
 * Replaces a dead holder's lock. Two runs may find it dead at once: a second O_EXCL file
 * lets one of them through, and it replaces the lock only if it still holds what was
 * judged dead (else another run took it over meanwhile).
 */
function takeOver(path: string, stale: string, text: string): boolean {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, text)) {
    const other = readHolder(guard);
    // A guard of a run killed in these few lines: cleared for the next attempt.
    if (other !== undefined && deadHere(other)) rmSync(guard, { force: true });
    return false;
  }
  try {
    if (readText(path) !== stale) return false;
    rmSync(path, { force: true });
    return createExclusive(path, text);
  } finally {
    rmSync(guard, { force: true });
  }
}

function heldFile(path: string, text: string): HeldLock {
  const release = () => {
    process.off("exit", release);
    // Only our own lock: never one a later run took over.
    if (readText(path) === text) rmSync(path, { force: true });
  };
  // A second Ctrl-C exits at once (process.exit): the lock goes with the process.
  process.on("exit", release);
  return { location: path, lost: new AbortController().signal, release: async () => release() };
}

function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | null;
    if (typeof value?.host === "string" && typeof value.pid === "number" && typeof value.since === "string")
      return { host: value.host, pid: value.pid, since: value.since };
  } catch {
    // unwritten or not ours: undefined
  }
  return undefined;
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unknownHolder(): LockHolder {
  return { host: "unknown", pid: 0, since: "a moment ago (lock file being written)" };
}
