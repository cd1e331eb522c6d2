// The rejects file: one line per rejected input line, with where it came from and why.
// Opened on the first reject, so a clean run leaves no empty file behind.

import type { RejectedLine } from "../enrich/chunk-types.js";
import { openLineWriter, type LineWriter } from "./ndjson-file.js";

export class RejectsFile {
  private writer: LineWriter | undefined;
  private queue: Promise<void> = Promise.resolve();
  count = 0;

  constructor(readonly path: string) {}

  add(reject: RejectedLine): void {
    this.count++;
    this.writer ??= openLineWriter(this.path);
    const writer = this.writer;
    // Files name a line number, indices a document id.
    const where = typeof reject.line === "number" ? { line: reject.line } : { document_id: reject.line };
    const line = JSON.stringify({ source: reject.source, ...where, reason: reject.reason, raw: reject.raw });
    this.queue = this.queue.then(() => writer.write(line));
  }

  async close(): Promise<void> {
    await this.queue;
    await this.writer?.close();
  }
}
