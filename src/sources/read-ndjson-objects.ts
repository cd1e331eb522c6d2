// Streams an NDJSON file of record documents or membership events as parsed objects,
// line by line (never the whole file as one string). Lines that are not JSON go to
// `onInvalid`; blank lines are skipped.

import { readLineChunks } from "./line-chunks.js";
import { openInput } from "./open-input.js";

export async function readNdjsonObjects(
  path: string,
  onObject: (value: unknown, line: number) => void,
  onInvalid: (line: number, raw: string) => void,
): Promise<void> {
  const { stream } = openInput(path);
  for await (const chunk of readLineChunks(stream, 4096)) {
    const text = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength).toString("utf8");
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
      if (raw.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        onInvalid(chunk.firstLine + i, raw);
        continue;
      }
      onObject(value, chunk.firstLine + i);
    }
  }
}
