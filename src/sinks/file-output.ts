// What every sink that writes a file shares: the output checked before any input is read
// (a path that cannot be written stops the run at once, exit 73), its lock (`<out>.lock`)
// and the last run's record (`<out>.last-run.json`) when it lasts, and the wait for a
// reader when it is a FIFO. An output that is not a regular file (stdout, a device, a FIFO,
// a pipe such as `>(gzip > x)`) is a stream: written straight through, nothing beside it.

import { checkOutputWritable, resolveOutputTarget } from "./output-target.js";
import type { DocumentSink } from "./document-sink.js";
import { waitForFifoReader } from "./fifo-reader.js";
import { fileLockSlot } from "./output-lock-file.js";
import { writeRunRecordFile } from "./run-record-file.js";

export interface FileOutput {
  out: string;
  /** stdout, a device, a FIFO or a pipe: nothing lasting to lock, keep or merge with. */
  stream: boolean;
  rejectsBeside: string | undefined;
  lock: DocumentSink["lock"];
  /** Opens the output with `open` (lines or bytes), once a FIFO has a reader; null when Ctrl-C stopped that wait. */
  openWith<W>(open: (path: string, what: string) => Promise<W>, signal: AbortSignal): Promise<W | null>;
}

/** `besides`: files the sink keeps next to a lasting output (its bookmarks), checked alike. */
export async function openFileOutput(out: string, besides: (out: string) => { path: string; what: string }[] = () => []): Promise<FileOutput> {
  const target = await resolveOutputTarget(out, "the output");
  const stream = target.kind !== "atomic";
  await checkOutputWritable(out, "the output");
  if (!stream) for (const { path, what } of besides(out)) await checkOutputWritable(path, what);
  return {
    out,
    stream,
    rejectsBeside: stream ? undefined : out,
    lock: stream ? undefined : { slot: async () => fileLockSlot(out), writeRunRecord: (record) => writeRunRecordFile(out, record) },
    async openWith(open, signal) {
      const reader = target.kind === "stream" && target.fifo ? await waitForFifoReader(out, "the output", signal) : undefined;
      if (reader === null) return null;
      return open(out, "the output").finally(() => reader?.close());
    },
  };
}
