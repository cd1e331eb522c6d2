// Buffered NDJSON file writing for the generator: lines are encoded straight into a
// 1 MiB buffer (no joined string, no per-line write) that goes to the stream when full,
// and the caller waits only when the stream signals backpressure, so memory stays flat
// whatever the file size.

import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { NEWLINE } from "../model/ndjson.js";

const CHUNK_BYTES = 1 << 20;

export class NdjsonWriter {
  private readonly stream: WriteStream;
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private failure: Error | null = null;
  lineCount = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    this.stream.on("error", (error: Error) => {
      this.failure = error;
    });
  }

  /** Adds one line; returns a promise to await only when a full buffer met a full stream. */
  write(line: string): Promise<void> | undefined {
    this.lineCount++;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const maxBytes = line.length * 3 + 1;
    let pending: Promise<void> | undefined;
    if (this.used + maxBytes > this.buffer.length) pending = this.flush();
    if (maxBytes > this.buffer.length) {
      const waited = this.push(Buffer.from(`${line}\n`));
      return pending === undefined ? waited : pending.then(() => waited);
    }
    this.used += this.buffer.write(line, this.used);
    this.buffer[this.used++] = NEWLINE;
    return pending;
  }

  private flush(): Promise<void> | undefined {
    if (this.used === 0) return undefined;
    const chunk = this.buffer.subarray(0, this.used);
    // The stream keeps the chunk until written: the next lines need a buffer of their own.
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    return this.push(chunk);
  }

  private push(chunk: Buffer): Promise<void> | undefined {
    if (this.failure !== null) throw this.failure;
    return this.stream.write(chunk) ? undefined : this.drained();
  }

  private async drained(): Promise<void> {
    await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure !== null) throw this.failure;
  }
}

/** Writes each item of an iterable as one JSON line to `path`; returns the line count. */
export async function writeNdjson<T>(path: string, items: Iterable<T>): Promise<number> {
  const writer = new NdjsonWriter(path);
  for (const item of items) {
    const pending = writer.write(JSON.stringify(item));
    if (pending !== undefined) await pending;
  }
  await writer.close();
  return writer.lineCount;
}
