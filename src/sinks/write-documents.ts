// NDJSON sink: one document per line, in the order given (community, then day). Ctrl-C
// (`signal`) stops it between lines: the temporary file is removed and nothing replaces
// the old output. A reader closing stdout (or a pipe) ends it quietly.

import type { UsageDeltaDocument } from "../model/document.js";
import { documentJson } from "../model/document-json.js";
import { pauseForTest } from "../model/test-pause.js";
import { openLineWriter } from "./ndjson-file.js";
import { waitForFifoReader } from "./fifo-reader.js";
import { OutputError } from "./output-error.js";
import { resolveOutputTarget } from "./output-target.js";

export interface NdjsonWriteResult {
  /** Documents handed over to the output (all of them, unless stopped or closed). */
  written: number;
  outcome: "done" | "interrupted" | "reader-closed";
}

export async function writeDocumentsNdjson(path: string, documents: readonly UsageDeltaDocument[], signal?: AbortSignal): Promise<NdjsonWriteResult> {
  const target = await resolveOutputTarget(path, "the output");
  const reader = target.kind === "stream" && target.fifo ? await waitForFifoReader(path, "the output", signal) : undefined;
  if (reader === null) return { written: 0, outcome: "interrupted" };
  const writer = await openLineWriter(path, "the output").finally(() => reader?.close());
  try {
    await pauseForTest("write", signal);
    for (const document of documents) {
      if (signal?.aborted === true) {
        await writer.abort();
        return { written: writer.atomic ? 0 : writer.linesWritten, outcome: "interrupted" };
      }
      await writer.write(documentJson(document));
    }
    await writer.close();
    return { written: documents.length, outcome: "done" };
  } catch (error) {
    await writer.abort();
    if (error instanceof OutputError && error.readerClosed) return { written: writer.linesWritten, outcome: "reader-closed" };
    throw error;
  }
}
