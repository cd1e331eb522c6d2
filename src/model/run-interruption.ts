// Why a run stopped early: a timeout, Ctrl-C, or the memory guard giving up on a pass.
// The coordinator checks between chunks and between windows.

import { EXIT, UsageDeltaError } from "./errors.js";

export class RunInterrupted extends UsageDeltaError {
  constructor(readonly reason: "timeout" | "interrupted") {
    super(
      reason === "timeout" ? "TIMEOUT" : "INTERRUPTED",
      reason === "timeout" ? "the run timed out" : "interrupted",
      reason === "timeout" ? EXIT.timeout : EXIT.interrupted,
    );
  }
}

/** Throws when the signal says stop (its reason decides timeout or interrupt). */
export function throwIfStopped(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunInterrupted(signal.reason === "timeout" ? "timeout" : "interrupted");
}
