// Opens an input file for reading in blocks into memory the caller owns: a plain file is
// read straight into it (no intermediate buffers); a `.gz` file is decompressed on the
// fly and copied in. A damaged `.gz` (cut short, corrupt, not gzip at all) ends its input
// where the decompressor stopped, and says so (`damage()`): the file source turns that
// into a reject or a one-line error naming the file and how far it got. A FIFO or a pipe
// is read through a non-blocking pipe handle (open-fifo.ts), so that a signal ends a wait.

import { open, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { formatCount } from "../model/format-count.js";

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
  // A FIFO's and gzip's modules (node:net, node:zlib) are loaded only for such an input.
  const fifo = (await stat(path)).isFIFO() ? await (await import("./open-fifo.js")).openFifoStream(path) : undefined;
  if (path.endsWith(".gz")) {
    const { createGunzip } = await import("node:zlib");
    // Concatenated members (what `cat a.gz b.gz` makes) are one gzip input: zlib reads them all.
    const file: Readable & { bytesRead: number } = fifo ?? createReadStream(path, { highWaterMark: 1 << 20 });
    const stream = file.pipe(createGunzip({ chunkSize: 1 << 20 }));
    file.on("error", (error) => stream.destroy(error));
    return streamInput(
      stream,
      () => file.bytesRead,
      () => {
        file.destroy();
        stream.destroy();
      },
    );
  }
  return fifo === undefined
    ? openPlain(path)
    : streamInput(
        fifo,
        () => fifo.bytesRead,
        () => fifo.destroy(),
      );
}

async function openPlain(path: string): Promise<InputBytes> {
  const handle = await open(path, "r");
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

/** A stream's pieces copied into the caller's memory; a zlib error ends it as damage. */
function streamInput(stream: Readable, bytesRead: () => number, destroy: () => void): InputBytes {
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
          damage = {
            reason: `damaged gzip (${error.message}) after ${formatCount(bytesRead())} compressed bytes, ${formatCount(decompressed)} bytes of text`,
          };
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
    bytesRead,
    damage: () => damage,
    close: async () => {
      destroy();
    },
  };
}

/** zlib's errors (`Z_DATA_ERROR`, `Z_BUF_ERROR`, ...): the input is damaged; anything else (EIO) is not the file's fault. */
function isZlibError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && (error as NodeJS.ErrnoException).code!.startsWith("Z_");
}
