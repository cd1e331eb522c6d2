// Reading ids out of an event's spans: the list of its own communities, and visitor and
// file ids interned by their bytes.

import type { IdDictionary } from "../columnar/byte-dictionary.js";
import { localCode, MISSING } from "../columnar/encoded-chunk.js";
import type { EventSpans } from "../parse/event-spans.js";

/**
 * `community_ids` (present, not null): a list of ids (or one id). Entries that are not
 * non-empty strings are ignored; any other value leaves the event in `global` only.
 */
export function communityIdList(raw: unknown): string[] {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const ids: string[] = [];
  for (const item of list) if (typeof item === "string" && item !== "") ids.push(item);
  return ids;
}

const scratchBytes = { buffer: Buffer.alloc(256) };

/**
 * An id's chunk-local code in a byte-keyed dictionary (MISSING when absent or empty). A
 * plain ASCII string is interned straight from the input (most often the scanner did as
 * it read it); any other id (escapes, other characters, a number) by the UTF-8 of its
 * text, as a string dictionary would see it.
 */
export function internId(ids: IdDictionary, spans: EventSpans, field: number): number {
  if (spans.isPlainId(field)) {
    return localCode(ids.internScanned(spans.scannedCode(field), spans.bytes, spans.start[field] + 1, spans.end[field] - 1, spans.idHash(field)));
  }
  const id = spans.idText(field);
  if (id === undefined) return MISSING;
  if (scratchBytes.buffer.length < id.length * 3) scratchBytes.buffer = Buffer.alloc(id.length * 3);
  return localCode(ids.intern(scratchBytes.buffer, 0, scratchBytes.buffer.write(id, "utf8")));
}
