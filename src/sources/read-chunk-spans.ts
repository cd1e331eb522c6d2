// Reads known chunks of plain event files (byte spans a full pass found) straight into
// pooled shared memory, one positioned read per chunk: no newline search, nothing else
// of the file touched.

import { open, type FileHandle } from "node:fs/promises";
import { acquireSharedBytes } from "../columnar/shared-byte-pool.js";
import { InvalidInputError } from "../model/errors.js";
import type { ChunkSpan } from "./chunk-day-map.js";
import type { SourceChunk } from "./event-source.js";

export async function* readChunkSpans(spans: readonly ChunkSpan[], onBytes: (bytes: number) => void): AsyncGenerator<SourceChunk> {
  let handle: FileHandle | undefined;
  let path: string | undefined;
  try {
    for (const span of spans) {
      if (span.path !== path) {
        await handle?.close();
        handle = await open(span.path, "r");
        path = span.path;
      }
      const bytes = acquireSharedBytes(span.end - span.start);
      for (let filled = 0; filled < bytes.length;) {
        const { bytesRead } = await handle!.read(bytes, filled, bytes.length - filled, span.start + filled);
        if (bytesRead === 0) throw new InvalidInputError(span.path, span.firstLine, "the file got shorter during the run");
        filled += bytesRead;
        onBytes(bytesRead);
      }
      yield { format: "ndjson", source: span.path, fileType: span.fileType, bytes, firstLine: span.firstLine, lineCount: span.lineCount };
    }
  } finally {
    await handle?.close();
  }
}
