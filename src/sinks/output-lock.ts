// Two runs that would write the same output (one file, or the usage-delta indices and
// bookmarks of one cluster and index prefix) must not overlap: each takes the output's
// lock first. The slots (a lock file, a lock document) are in output-lock-file.ts and
// output-lock-opensearch.ts; this file is what they share and the wait.

import { EXIT, UsageDeltaError } from "../model/errors.js";

/** Who holds a lock: enough for an operator to find the run. */
export interface LockHolder {
  host: string;
  pid: number;
  /** When the holder took it (ISO 8601, UTC). */
  since: string;
}

export interface HeldLock {
  readonly location: string;
  /** Aborted when the lock was lost (a lock document taken over after it expired). */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** One output's lock: taken, or the holder named (a dead holder's lock is taken over inside). */
export interface LockSlot {
  readonly location: string;
  tryAcquire(): Promise<HeldLock | LockHolder>;
}

export class OutputLockedError extends UsageDeltaError {
  constructor(
    readonly location: string,
    readonly holder: LockHolder,
    waitedSeconds: number,
  ) {
    super("LOCKED", `another run holds the lock ${location}: ${formatHolder(holder)}${waitedSeconds > 0 ? ` (waited ${waitedSeconds} s)` : ""}`, EXIT.locked);
  }
}

export function formatHolder(holder: LockHolder): string {
  return `host ${holder.host}, pid ${holder.pid}, since ${holder.since}`;
}

const POLL_MS = 250;

/**
 * Takes the lock, waiting up to `waitSeconds` for the holder to finish (0: the answer at
 * once). `onWait` is told once when the run starts waiting.
 */
export async function acquireOutputLock(slot: LockSlot, waitSeconds: number, onWait?: (holder: LockHolder) => void): Promise<HeldLock> {
  const deadline = Date.now() + waitSeconds * 1000;
  let told = false;
  for (;;) {
    const answer = await slot.tryAcquire();
    if ("release" in answer) return answer;
    const left = deadline - Date.now();
    if (left <= 0) throw new OutputLockedError(slot.location, answer, waitSeconds);
    if (!told) onWait?.(answer);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
}
