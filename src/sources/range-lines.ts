// Line numbers of chunks handed out as byte ranges (RawChunk.file): the thread that reads
// a range counts its lines, so a range's first line is known only once every range before
// it in its file has been read. Placed in input order, chunk after chunk: rejects counted
// from the chunk's start move to the file's line numbers.

import type { FileRange, RejectedLine } from "../model/chunk-types.js";

export class RangeLines {
  private readonly next = new Map<string, number>();

  /** The first line of the next chunk of `file`, in input order (`given` when not a range, or one whose lines a pass measured). */
  firstLine(file: FileRange | undefined, given: number): number {
    return file === undefined || file.linesKnown ? given : (this.next.get(file.path) ?? 1);
  }

  /** The chunk in input order: its lines counted, its rejects at the file's line numbers. */
  place(file: FileRange | undefined, given: number, lineCount: number, rejects: RejectedLine[]): { firstLine: number; rejects: RejectedLine[] } {
    const firstLine = this.firstLine(file, given);
    if (file === undefined) return { firstLine, rejects };
    this.next.set(file.path, firstLine + lineCount);
    if (file.linesKnown || firstLine === 1) return { firstLine, rejects };
    return { firstLine, rejects: rejects.map((reject) => (typeof reject.line === "number" ? { ...reject, line: reject.line + firstLine - 1 } : reject)) };
  }
}
