// One error family with stable codes and exit codes, thrown on the main thread. Workers do
// not throw these: what a worker finds wrong with its input comes back as rejects in its
// result, and anything a worker throws arrives as a plain Error (a class does not survive
// the thread boundary), an internal error. `describeError` is the one place that turns any
// error into a one-line message and an exit code.

import { describeLimitError } from "./process-limits.js";

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  invalidInput: 65,
  unavailable: 69,
  /** EX_OSERR: a process limit too low (open files): the message says which to raise. */
  limit: 71,
  /** EX_CANTCREAT: an output (documents, rejects, bookmarks) cannot be created; checked before any input is read. */
  cannotCreate: 73,
  /** EX_IOERR: writing an output failed part way (a full disk); nothing replaced the old output. */
  ioError: 74,
  /** EX_TEMPFAIL: a timeout; complete days were written, run again to finish. */
  timeout: 75,
  /** EBUSY: another run writing the same output holds its lock (output-lock.ts); nothing was done. */
  locked: 16,
  interrupted: 130,
  /** 128 + SIGPIPE: the reader of stdout (or of a pipe given as --out) closed it before every document was handed over. */
  readerClosed: 141,
} as const;

export type ErrorCode = "USAGE" | "INPUT_INVALID" | "INPUT_MISSING" | "OPENSEARCH" | "OUTPUT" | "TIMEOUT" | "LOCKED" | "INTERRUPTED" | "INTERNAL";

export class UsageDeltaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = "UsageDeltaError";
  }
}

/** A bad input line with `--on-invalid fail`: names the source (file or index) and line (or document id). */
export class InvalidInputError extends UsageDeltaError {
  constructor(
    readonly source: string,
    readonly line: number | string,
    readonly reason: string,
  ) {
    super("INPUT_INVALID", `invalid input in ${source} at ${typeof line === "number" ? `line ${line}` : `document ${line}`}: ${reason}`, EXIT.invalidInput);
  }
}

export class UsageError extends UsageDeltaError {
  constructor(message: string) {
    super("USAGE", message, EXIT.usage);
  }
}

export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageDeltaError) return { message: error.message, exitCode: error.exitCode };
  const limit = describeLimitError(error);
  if (limit !== undefined) return { message: limit, exitCode: EXIT.limit };
  const nodeError = error as NodeJS.ErrnoException | undefined;
  if (nodeError && typeof nodeError.code === "string" && "path" in nodeError) {
    const reason = nodeError.code === "ENOENT" ? "no such file" : nodeError.code === "EACCES" ? "permission denied" : nodeError.code;
    return { message: `${reason}: ${String(nodeError.path)}`, exitCode: EXIT.invalidInput };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `internal error: ${message}`, exitCode: EXIT.failure };
}
