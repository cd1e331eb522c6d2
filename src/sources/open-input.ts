// Opens an input file as a byte stream, decompressing `.gz` files on the fly.

import { createReadStream, type ReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

export interface InputStream {
  stream: Readable;
  /** Bytes read from disk so far (compressed bytes for .gz): for progress. */
  bytesRead: () => number;
}

export function openInput(path: string): InputStream {
  const file: ReadStream = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.endsWith(".gz") ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  if (stream !== file) file.on("error", (error) => stream.destroy(error));
  return { stream, bytesRead: () => file.bytesRead };
}
