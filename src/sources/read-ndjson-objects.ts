// Streams an NDJSON file of record documents or membership events as parsed objects,
// line by line (never the whole file as one string). Lines that are not JSON go to
// `onInvalid`; blank lines are skipped; a damaged .gz too, with its reason.

import { releaseSharedBytes } from "../columnar/shared-byte-pool.js";
import { readLineChunks } from "./line-chunks.js";
import { damageReject } from "./input-damage.js";
import { openInput } from "./open-input.js";

export async function readNdjsonObjects(
  path: string,
  onObject: (value: unknown, line: number) => void,
  onInvalid: (line: number, raw: string, reason?: string) => void,
): Promise<void> {
  const input = await openInput(path);
  try {
    for await (const chunk of readLineChunks(input, { lines: 4096 })) {
      const text = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength).toString("utf8");
      releaseSharedBytes(chunk.bytes);
      forEachObject(text, chunk.firstLine, onObject, onInvalid);
    }
    const damage = damageReject(input, path);
    if (damage !== undefined) onInvalid(damage.line as number, damage.raw, damage.reason);
  } finally {
    await input.close();
  }
}

function forEachObject(
  text: string,
  firstLine: number,
  onObject: (value: unknown, line: number) => void,
  onInvalid: (line: number, raw: string) => void,
): void {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      onInvalid(firstLine + i, raw);
      continue;
    }
    onObject(value, firstLine + i);
  }
}
