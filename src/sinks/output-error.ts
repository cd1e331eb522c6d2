// Why an output (the documents, the rejects file, the bookmarks, the metadata cache) could
// not be written, as one line that names the path: exit 73 when it cannot be created
// (found before any input is read), 74 when a write fails part way, 141 when the reader
// of a pipe closed it (the CLI reports that quietly, in the summary).

import { EXIT, UsageDeltaError } from "../model/errors.js";

export class OutputError extends UsageDeltaError {
  constructor(
    message: string,
    exitCode: number,
    /** The reader of stdout or of a pipe closed it: its choice, not a failure of the run. */
    readonly readerClosed = false,
  ) {
    super("OUTPUT", message, exitCode);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "no such directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EIO: "input/output error",
  EEXIST: "its temporary file already exists (remove it if no other run is writing this output)",
  ENXIO: "no reader on the other end",
  ELOOP: "too many symbolic links",
};

/** The errno's meaning in words (the code itself when it has none here). */
export function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string") return REASONS[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

/** `what` ("the output", "the rejects file", ...) cannot be created at `path`: exit 73. */
export function cannotCreate(what: string, path: string, error: unknown): OutputError {
  if (error instanceof OutputError) return error;
  return new OutputError(`cannot create ${what} ${path}: ${ioReason(error)}`, EXIT.cannotCreate);
}

/** Writing `what` failed part way (nothing replaced the old file): exit 74; a closed pipe: 141. */
export function cannotWrite(what: string, path: string, error: unknown): OutputError {
  if (error instanceof OutputError) return error;
  if ((error as NodeJS.ErrnoException | undefined)?.code === "EPIPE") {
    return new OutputError(`${what} ${path} was closed by its reader`, EXIT.readerClosed, true);
  }
  return new OutputError(`cannot write ${what} ${path}: ${ioReason(error)}`, EXIT.ioError);
}
