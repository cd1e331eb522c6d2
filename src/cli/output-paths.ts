// Where `aggregate` writes (the documents, the rejects file, the file sink's bookmarks),
// checked before any input is read: a path that cannot be written stops the run at once
// with one line naming it (exit 73), not after all the work.
//
// An output that is not a regular file (stdout, a device such as /dev/null, a FIFO, a
// pipe such as `>(gzip > x)`) is a stream: written straight through, it keeps no bookmarks
// (there is no earlier output to add to) and its rejects go to usage-delta.rejects.ndjson.

import { bookmarksPathFor } from "../sinks/bookmarks-file.js";
import { checkOutputWritable, resolveOutputTarget } from "../sinks/output-target.js";

export interface OutputPaths {
  /** The file sink writes to a stream (stdout, a device, a pipe): no bookmarks. */
  streamOutput: boolean;
  rejects: string;
}

interface OutputFlags {
  out: string;
  rejects?: string;
  sink: "file" | "opensearch";
}

export async function checkOutputPaths(flags: OutputFlags): Promise<OutputPaths> {
  const fileSink = flags.sink === "file";
  const streamOutput = fileSink && (await resolveOutputTarget(flags.out, "the output")).kind !== "atomic";
  const rejects = flags.rejects ?? (flags.out === "-" || streamOutput ? "usage-delta.rejects.ndjson" : `${flags.out}.rejects.ndjson`);
  if (fileSink) await checkOutputWritable(flags.out, "the output");
  await checkOutputWritable(rejects, "the rejects file");
  if (fileSink && !streamOutput) await checkOutputWritable(bookmarksPathFor(flags.out), "the bookmarks");
  return { streamOutput, rejects };
}
