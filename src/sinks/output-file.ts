// Writes an output: the one place of the atomic-file protocol that every file the run
// writes goes through (documents as NDJSON or Arrow, rejects, bookmarks, the metadata
// cache, the run record), as lines (openLineWriter) or as bytes (openByteWriter). A regular
// file (or a symlink's target) is written under an exclusive temporary name beside it and
// renamed into place when complete, so no half-written output is ever under the real
// name; a device, FIFO or pipe is written straight through; `-` is stdout. Any failure
// removes the temporary file and becomes one OutputError naming the path.

import { constants, open, rename, rm, type FileHandle } from "node:fs/promises";
import { cannotCreate, cannotWrite } from "./output-error.js";
import { resolveOutputTarget } from "./output-target.js";
import { createTemporary } from "./temporary-files.js";

export interface LineWriter {
  write(line: string): Promise<void>;
  /** Completes the output (renames the temporary file into place). */
  close(): Promise<void>;
  /** Drops the output (removes the temporary file). */
  abort(): Promise<void>;
  /** Lines handed over to the file or stream so far. */
  readonly linesWritten: number;
  /** Written under a temporary name (an abort leaves nothing); false: a stream, where written lines stay written. */
  readonly atomic: boolean;
}

/** Where the bytes go, and how the output is completed or dropped. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  complete(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * Lines are written in batches of about this many bytes, one batch in flight while the next
 * fills: serializing documents and writing them overlap (100k events' 14 MB of documents
 * went out in 215 awaited 64 KB writes, the thread idle during each).
 */
const FLUSH_BYTES = 1 << 20;

/** `what` names the output in messages: "the output", "the rejects file", ... */
export async function openLineWriter(path: string, what = "the output"): Promise<LineWriter> {
  const { sink, shownPath, atomic } = await openByteSink(path, what);
  return lineWriter(sink, shownPath, what, atomic);
}

/** A small file (bookmarks, a run record) written whole, atomically: the old one stays when it fails. */
export async function writeTextFile(path: string, text: string, what: string): Promise<void> {
  const writer = await openLineWriter(path, what);
  try {
    await writer.write(text);
    await writer.close();
  } finally {
    await writer.abort(); // after close: nothing left to drop
  }
}

/** An output written as bytes (a binary format); failures are OutputErrors naming the path, as for lines. */
export interface ByteWriter extends ByteSink {
  /** Written under a temporary name (a drop leaves nothing); false: a stream. */
  readonly atomic: boolean;
}

export async function openByteWriter(path: string, what = "the output"): Promise<ByteWriter> {
  const { sink, shownPath, atomic } = await openByteSink(path, what);
  const guarded = (step: () => Promise<void>) => async () => {
    try {
      await step();
    } catch (error) {
      await sink.drop().catch(() => {});
      throw cannotWrite(what, shownPath, error);
    }
  };
  return { atomic, write: (bytes) => guarded(() => sink.write(bytes))(), complete: guarded(() => sink.complete()), drop: () => sink.drop() };
}

async function openByteSink(path: string, what: string): Promise<{ sink: ByteSink; shownPath: string; atomic: boolean }> {
  const target = await resolveOutputTarget(path, what);
  if (target.kind === "stdout") return { sink: stdoutSink(), shownPath: "stdout", atomic: false };
  if (target.kind === "stream") {
    // O_WRONLY without O_CREAT: a device or pipe that went away is not replaced by a file.
    const handle = await open(target.path, constants.O_WRONLY).catch((error: unknown) => {
      throw cannotCreate(what, path, error);
    });
    const close = () => handle.close();
    return { sink: { write: (bytes) => writeAll(handle, bytes), complete: close, drop: () => close().catch(() => {}) }, shownPath: path, atomic: false };
  }
  const temporary = await createTemporary(target.file).catch((error: unknown) => {
    throw cannotCreate(what, path, error);
  });
  const { handle } = temporary;
  const drop = async () => {
    await handle.close().catch(() => {});
    await rm(temporary.path, { force: true });
    temporary.release();
  };
  const complete = async () => {
    await handle.datasync();
    await handle.close();
    await rename(temporary.path, target.file);
    temporary.release();
  };
  return { sink: { write: (bytes) => writeAll(handle, bytes), complete, drop }, shownPath: path, atomic: true };
}

function lineWriter(sink: ByteSink, path: string, what: string, atomic: boolean): LineWriter {
  let buffered = "";
  let bufferedLines = 0;
  let written = 0;
  let failure: Error | undefined;
  let finished = false;
  // Any failure: drop what was written, remember the error, say it once per call.
  const guarded = async (step: () => Promise<void>) => {
    if (failure !== undefined) throw failure;
    try {
      await step();
    } catch (error) {
      failure = cannotWrite(what, path, error);
      finished = true;
      await sink.drop().catch(() => {});
      throw failure;
    }
  };
  // The batch being written (its failure is seen by the next flush, close or abort).
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (buffered === "") return;
    const bytes = Buffer.from(buffered);
    const lines = bufferedLines;
    buffered = "";
    bufferedLines = 0;
    await inFlight;
    inFlight = sink.write(bytes).then(() => {
      written += lines;
    });
    // Handled here so that a failure does not count as unhandled before it is awaited.
    inFlight.catch(() => {});
  };
  return {
    get linesWritten() {
      return written;
    },
    atomic,
    async write(line) {
      if (failure !== undefined) throw failure;
      buffered += `${line}\n`;
      bufferedLines++;
      if (buffered.length >= FLUSH_BYTES) await guarded(flush);
    },
    async close() {
      if (failure !== undefined) throw failure;
      if (finished) return;
      await guarded(async () => {
        await flush();
        await inFlight;
        await sink.complete();
      });
      finished = true;
    },
    async abort() {
      buffered = "";
      if (finished) return;
      finished = true;
      await inFlight.catch(() => {});
      await sink.drop();
    },
  };
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

let documentsOnStdout = false;

/** Whether the documents go to stdout: then its write errors are theirs to report (cannotWrite). */
export const stdoutHoldsDocuments = (): boolean => documentsOnStdout;

function stdoutSink(): ByteSink {
  const stream = process.stdout;
  // A closed pipe is reported through the write callbacks (one line, exit 141); without a
  // listener the same error would also end the process as an uncaught exception, wherever
  // the sink runs. The CLI's own stdout listener (run-cli.ts) then leaves it to them.
  if (!documentsOnStdout) {
    documentsOnStdout = true;
    stream.on("error", () => {});
  }
  return {
    write: (bytes) =>
      new Promise((resolve, reject) => {
        stream.write(bytes, (error) => (error ? reject(error) : resolve()));
      }),
    complete: async () => {},
    drop: async () => {},
  };
}
