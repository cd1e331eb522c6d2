// Opens an input file for reading in blocks into memory the caller owns: a plain file is
// read straight into it (no intermediate buffers); a `.gz` file is decompressed on the
// fly and copied in. A damaged `.gz` (cut short, corrupt, not gzip at all) ends its input
// where the decompressor stopped, and says so (`damage()`): the file source turns that
// into a reject or a one-line error naming the file and how far it got.

import { open, stat, type FileHandle } from "node:fs/promises";
import { closeSync, constants, createReadStream, openSync, type ReadStream } from "node:fs";
import { EXIT, UsageDeltaError } from "../model/errors.js";
import { createGunzip } from "node:zlib";

export interface InputBytes {
  /** Reads up to `target.length` bytes into `target`; 0 at the end of the input. */
  read(target: Uint8Array): Promise<number>;
  /** Bytes read from disk so far (compressed bytes for .gz): for progress. */
  bytesRead(): number;
  /** Set when the input ended because it is damaged (a .gz the decompressor refused). */
  damage?(): InputDamage | undefined;
  close(): Promise<void>;
}

export interface InputDamage {
  /** What the decompressor said, and how far it got. */
  reason: string;
  /** Filled in by the line reader: the line the damage is in, and its readable start. */
  line?: number;
  tail?: string;
}

export async function openInput(path: string): Promise<InputBytes> {
  return path.endsWith(".gz") ? openGzip(path) : openPlain(path);
}

async function openPlain(path: string): Promise<InputBytes> {
  const handle = (await stat(path)).isFIFO() ? await openFifo(path) : await open(path, "r");
  let bytesRead = 0;
  return {
    async read(target) {
      const { bytesRead: n } = await handle.read(target, 0, target.length, null);
      bytesRead += n;
      return n;
    },
    bytesRead: () => bytesRead,
    close: () => handle.close(),
  };
}

/**
 * Opening a FIFO waits for a writer, in one of libuv's threads, which exit() waits for:
 * with no writer, neither Ctrl-C nor SIGTERM could end the run. On a signal during that
 * wait, the FIFO is opened for writing here (and closed at once), which ends the wait;
 * the open then fails as interrupted (its input was not read, so nothing may be counted).
 */
async function openFifo(path: string): Promise<FileHandle> {
  let interrupted = false;
  const release = () => {
    interrupted = true;
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waits any more (ENXIO): the open has returned already.
    }
  };
  process.on("SIGINT", release);
  process.on("SIGTERM", release);
  try {
    const handle = await open(path, "r");
    if (!interrupted) return handle;
    await handle.close();
    throw new UsageDeltaError("INTERRUPTED", `interrupted while waiting for a writer to ${path}`, EXIT.interrupted);
  } finally {
    process.off("SIGINT", release);
    process.off("SIGTERM", release);
  }
}

function openGzip(path: string): InputBytes {
  // Concatenated members (what `cat a.gz b.gz` makes) are one gzip input: zlib reads them all.
  const file: ReadStream = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = file.pipe(createGunzip({ chunkSize: 1 << 20 }));
  file.on("error", (error) => stream.destroy(error));
  const pieces = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  let damage: InputDamage | undefined;
  let decompressed = 0;
  return {
    async read(target) {
      if (pending.length === 0) {
        if (damage !== undefined) return 0;
        let next: IteratorResult<Buffer>;
        try {
          next = await pieces.next();
        } catch (error) {
          if (!isZlibError(error)) throw error;
          damage = { reason: `damaged gzip (${error.message}) after ${file.bytesRead.toLocaleString("en")} compressed bytes, ${decompressed.toLocaleString("en")} bytes of text` };
          return 0;
        }
        if (next.done === true) return 0;
        pending = next.value;
        decompressed += pending.length;
      }
      // Buffer#copy is a plain memcpy; TypedArray#set into shared memory can take a slow path.
      const n = pending.copy(Buffer.from(target.buffer, target.byteOffset, target.byteLength));
      pending = pending.subarray(n);
      return n;
    },
    bytesRead: () => file.bytesRead,
    damage: () => damage,
    close: async () => { stream.destroy(); },
  };
}

/** zlib's errors (`Z_DATA_ERROR`, `Z_BUF_ERROR`, ...): the input is damaged; anything else (EIO) is not the file's fault. */
function isZlibError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && (error as NodeJS.ErrnoException).code!.startsWith("Z_");
}
