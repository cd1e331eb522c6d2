// The record kernel (workers): a chunk of raw record documents -> extracted records and
// rejects, in input order.

import { REJECT_REASONS } from "../model/reject-reasons.js";
import type { RawChunk, RejectedLine } from "./encode-chunk.js";
import { extractRecord, type ExtractedRecord } from "./extract-record.js";

export interface ExtractedRecordChunk {
  sequence: number;
  records: ExtractedRecord[];
  rejects: RejectedLine[];
}

export function extractRecordChunk(raw: RawChunk): ExtractedRecordChunk {
  const records: ExtractedRecord[] = [];
  const rejects: RejectedLine[] = [];
  const text = Buffer.from(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.byteLength).toString("utf8");
  const visit = (value: unknown, line: number | string, source: string, rawText: () => string) => {
    const record = extractRecord(value);
    if (typeof record === "string") rejects.push({ source, line, reason: record, raw: rawText() });
    else records.push(record);
  };
  if (raw.format === "search-hits") {
    const response = JSON.parse(text) as { hits?: { hits?: { _index: string; _id: string; _source: unknown }[] } };
    for (const hit of response.hits?.hits ?? []) visit(hit._source, hit._id, hit._index, () => JSON.stringify(hit._source));
  } else {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
      if (/^[ \t\r\n]*$/.test(line)) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        rejects.push({ source: raw.source, line: raw.firstLine + i, reason: REJECT_REASONS.invalidJson, raw: line });
        continue;
      }
      visit(value, raw.firstLine + i, raw.source, () => line);
    }
  }
  return { sequence: raw.sequence, records, rejects };
}
