// Opens an input file for reading in blocks into memory the caller owns: a plain file is
// read straight into it (no intermediate buffers); a `.gz` file is decompressed on the
// fly and copied in.

import { open } from "node:fs/promises";
import { createReadStream, type ReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

export interface InputBytes {
  /** Reads up to `target.length` bytes into `target`; 0 at the end of the input. */
  read(target: Uint8Array): Promise<number>;
  /** Bytes read from disk so far (compressed bytes for .gz): for progress. */
  bytesRead(): number;
  close(): Promise<void>;
}

export async function openInput(path: string): Promise<InputBytes> {
  return path.endsWith(".gz") ? openGzip(path) : openPlain(path);
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

function openGzip(path: string): InputBytes {
  const file: ReadStream = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = file.pipe(createGunzip({ chunkSize: 1 << 20 }));
  file.on("error", (error) => stream.destroy(error));
  const pieces = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  return {
    async read(target) {
      if (pending.length === 0) {
        const next = await pieces.next();
        if (next.done === true) return 0;
        pending = next.value;
      }
      // Buffer#copy is a plain memcpy; TypedArray#set into shared memory can take a slow path.
      const n = pending.copy(Buffer.from(target.buffer, target.byteOffset, target.byteLength));
      pending = pending.subarray(n);
      return n;
    },
    bytesRead: () => file.bytesRead,
    close: async () => { stream.destroy(); },
  };
}
