// A named FIFO given as --out: opening it for writing blocks until a reader opens the other
// end, and a blocked open cannot be cancelled. So the run asks without blocking
// (O_NONBLOCK fails with ENXIO while there is no reader) until a reader comes, saying once
// that it waits, and Ctrl-C stops the wait. The probe stays open until the writer's own
// open is done: closing the last writer would give the reader its end of file.

import { constants, open, type FileHandle } from "node:fs/promises";
import { cannotCreate } from "./output-error.js";

const POLL_MS = 100;
const SAY_AFTER_MS = 1000;

/** Once `path` has a reader: a write handle to close after the real open; null when `signal` stopped the wait. */
export async function waitForFifoReader(path: string, what: string, signal: AbortSignal | undefined): Promise<FileHandle | null> {
  for (let waitedMs = 0; ; waitedMs += POLL_MS) {
    if (signal?.aborted === true) return null;
    try {
      return await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENXIO") throw cannotCreate(what, path, error);
    }
    if (waitedMs === SAY_AFTER_MS) process.stderr.write(`usage-delta: waiting for a reader of the FIFO ${path} (Ctrl-C to stop)\n`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
