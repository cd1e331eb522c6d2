// Buffered NDJSON file writing for the generator: lines are joined into ~1 MiB chunks
// (one syscall-sized write instead of millions of small ones) and the caller waits only
// when the stream signals backpressure, so memory stays flat whatever the file size.

import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

const CHUNK_CHARS = 1 << 20;

export class NdjsonWriter {
  private readonly stream: WriteStream;
  private lines: string[] = [];
  private pendingChars = 0;
  private failure: Error | null = null;
  lineCount = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    this.stream.on("error", (error: Error) => {
      this.failure = error;
    });
  }

  /** Adds one line; returns a promise to await only when the buffer went to a full stream. */
  write(line: string): Promise<void> | undefined {
    this.lines.push(line);
    this.lineCount++;
    this.pendingChars += line.length + 1;
    return this.pendingChars >= CHUNK_CHARS ? this.flush() : undefined;
  }

  private flush(): Promise<void> | undefined {
    if (this.failure !== null) throw this.failure;
    if (this.lines.length === 0) return undefined;
    const text = this.lines.join("\n") + "\n";
    this.lines = [];
    this.pendingChars = 0;
    return this.stream.write(text) ? undefined : this.drained();
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
