// Guards an output for one run: its lock, taken before the bookmarks are read and
// released when the run ends (done, failed, timed out or interrupted), with the run's
// report left behind as the output's run record. Outputs that last only (the sink says
// which): stdout, a device or pipe, and a dry run write nothing another run could clash with.

import type { Logger } from "pino";
import { describeError } from "../model/errors.js";
import type { DocumentSink } from "../sinks/document-sink.js";
import { acquireOutputLock, formatHolder, type HeldLock } from "../sinks/output-lock.js";
import type { RunReport } from "./run-report.js";

export interface OutputGuard {
  /** Aborted when the lock was lost (taken over after it expired). */
  lost: AbortSignal;
  /** Leaves the run record, then releases the lock. */
  finish(report: RunReport): Promise<void>;
}

export async function guardOutput(sink: DocumentSink, lockWait: number, logger: Logger): Promise<OutputGuard | undefined> {
  const output = sink.lock;
  if (output === undefined) return undefined;
  const slot = await output.slot();
  const lock: HeldLock = await acquireOutputLock(slot, lockWait, (holder) => {
    process.stderr.write(`usage-delta: waiting up to ${lockWait} s for the lock ${slot.location} (${formatHolder(holder)})\n`);
  });
  logger.debug({ lock: lock.location }, "lock taken");
  return {
    lost: lock.lost,
    // Never fails the run: its own error (a dead cluster, a full disk) is the one to report.
    async finish(report) {
      try {
        await output.writeRunRecord(report);
      } catch (error) {
        logger.info({ err: describeError(error).message }, "the run record could not be written");
      }
      try {
        await lock.release();
      } catch (error) {
        // A lock document left behind expires; a lock file of a dead pid is taken over.
        logger.info({ err: describeError(error).message, lock: lock.location }, "the lock could not be released");
      }
    },
  };
}
