// What guards an output for one run: its lock, taken before the bookmarks are read and
// released when the run ends (done, failed, timed out or interrupted), with the run's
// report left behind as the output's run record. Outputs that last only: a file, or the
// OpenSearch sink; stdout, a device or pipe, and a dry run write nothing that another run
// could clash with (and nothing is left beside a device).

import type { Client } from "@opensearch-project/opensearch";
import type { Logger } from "pino";
import { describeError } from "../model/errors.js";
import { acquireOutputLock, formatHolder, type HeldLock } from "../sinks/output-lock.js";
import { fileLockSlot } from "../sinks/output-lock-file.js";
import type { RunReport } from "./run-report.js";

export interface GuardFlags {
  sink: "file" | "opensearch";
  out: string;
  dryRun: boolean;
  indexPrefix: string;
  lockWait: number;
  /** The file sink writes to a stream (stdout, a device, a pipe): nothing lasting to guard. */
  streamOutput: boolean;
}

export interface OutputGuard {
  /** Aborted when the lock was lost (taken over after it expired). */
  lost: AbortSignal;
  /** Leaves the run record, then releases the lock. */
  finish(report: RunReport): Promise<void>;
}

export async function guardOutput(flags: GuardFlags, cluster: Client | undefined, logger: Logger): Promise<OutputGuard | undefined> {
  const opensearch = flags.sink === "opensearch" ? cluster : undefined;
  if (flags.sink === "opensearch" ? flags.dryRun || opensearch === undefined : flags.streamOutput) return undefined;
  const slot = opensearch !== undefined
    ? (await import("../sinks/output-lock-opensearch.js")).openSearchLockSlot(opensearch, flags.indexPrefix, (why) => logger.error({ lock: why }, why))
    : fileLockSlot(flags.out);
  const lock: HeldLock = await acquireOutputLock(slot, flags.lockWait, (holder) => {
    process.stderr.write(`usage-delta: waiting up to ${flags.lockWait} s for the lock ${slot.location} (${formatHolder(holder)})\n`);
  });
  logger.debug({ lock: lock.location }, "lock taken");
  return {
    lost: lock.lost,
    // Never fails the run: its own error (a dead cluster, a full disk) is the one to report.
    async finish(report) {
      try {
        if (opensearch !== undefined) await (await import("../sinks/run-record-opensearch.js")).writeRunRecordOpenSearch(opensearch, flags.indexPrefix, report);
        else await (await import("../sinks/run-record-file.js")).writeRunRecordFile(flags.out, report);
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
