// The rejects file: one line per rejected input line, with where it came from and why.
// Opened on the first reject, so a clean run leaves no empty file behind. A write that
// fails (a full disk) stops the run at the next reject, or at close: rejects are never
// dropped silently.

import type { RejectedLine } from "../model/chunk-types.js";
import { openLineWriter, type LineWriter } from "./output-file.js";

export class RejectsFile {
  private writer: Promise<LineWriter> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;
  count = 0;

  constructor(readonly path: string) {}

  add(reject: RejectedLine): void {
    if (this.failure !== undefined) throw this.failure;
    this.count++;
    if (this.writer === undefined) {
      this.writer = openLineWriter(this.path, "the rejects file");
      this.writer.catch(() => {}); // the queue below reports it
    }
    const writer = this.writer;
    // Files name a line number, indices a document id.
    const where = typeof reject.line === "number" ? { line: reject.line } : { document_id: reject.line };
    const line = JSON.stringify({ source: reject.source, ...where, reason: reject.reason, raw: reject.raw });
    this.queue = this.queue
      .then(async () => (await writer).write(line))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  /** Completes the file (renamed into place); throws what failed, if anything did. */
  async close(): Promise<void> {
    await this.queue;
    if (this.failure !== undefined) throw this.failure;
    await (await this.writer)?.close();
  }
}
