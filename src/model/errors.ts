// One error family with stable codes and exit codes. What a worker finds wrong with an
// event comes back as rejects in its result; what stops a worker's task (a plain file that
// got shorter, a read that failed) is thrown, and crosses the thread boundary through
// `errorForThread` / `errorFromThread` (a class and its own fields do not survive the
// crossing; an Error's `cause` does). Anything else a worker throws is an internal error.
// `describeError` is the one place that turns any error into a one-line message and an
// exit code.

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

/** What an error keeps across the thread boundary, in its `cause`. */
type CrossingCause = { usageDelta: { code: ErrorCode; exitCode: number } } | { errno: { code: string; path: string } };

/** On a worker: the error as it should reach the coordinator (its kind and exit code kept). */
export function errorForThread(error: unknown): unknown {
  if (error instanceof UsageDeltaError) {
    return new Error(error.message, { cause: { usageDelta: { code: error.code, exitCode: error.exitCode } } satisfies CrossingCause });
  }
  const nodeError = error as NodeJS.ErrnoException | undefined;
  if (nodeError instanceof Error && typeof nodeError.code === "string" && typeof nodeError.path === "string") {
    return new Error(nodeError.message, { cause: { errno: { code: nodeError.code, path: nodeError.path } } satisfies CrossingCause });
  }
  return error;
}

/** On the coordinator: a worker's error as it was thrown there (errorForThread), else as it came. */
export function errorFromThread(error: unknown): unknown {
  if (!(error instanceof Error) || typeof error.cause !== "object" || error.cause === null) return error;
  const cause = error.cause as Partial<Record<"usageDelta" | "errno", unknown>>;
  if (isRecord(cause.usageDelta)) {
    const { code, exitCode } = cause.usageDelta;
    if (typeof code === "string" && typeof exitCode === "number") return new UsageDeltaError(code as ErrorCode, error.message, exitCode);
  }
  if (isRecord(cause.errno)) {
    const { code, path } = cause.errno;
    if (typeof code === "string" && typeof path === "string") return Object.assign(new Error(error.message), { code, path });
  }
  return error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
