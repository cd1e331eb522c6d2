// The record kernel (workers): a chunk of raw record documents -> extracted records
// (coded against the chunk's own dictionaries: record-chunk-codes.ts) and rejects, in
// input order.

import { REJECT_REASONS } from "../model/reject-reasons.js";
import { readChunkRows } from "../parse/chunk-rows.js";
import { chunkBytes } from "../parse/file-range.js";
import type { RawChunk, RejectedLine } from "../model/chunk-types.js";
import { extractRecord, type ExtractedRecord } from "./extract-record.js";
import { codeRecords, type CodedRecords } from "./record-chunk-codes.js";

export interface ExtractedRecordChunk {
  sequence: number;
  records: CodedRecords;
  rejects: RejectedLine[];
  /** A chunk given as a file range: the lines it held (its rejects count from its start). */
  lineCount: number;
}

export function extractRecordChunk(given: RawChunk): ExtractedRecordChunk {
  const raw = chunkBytes(given);
  const records: ExtractedRecord[] = [];
  const rejects: RejectedLine[] = [];
  readChunkRows(raw, {
    row(value, where, source, text) {
      const record = extractRecord(value);
      if (typeof record === "string") rejects.push({ source, line: where, reason: record, raw: text() });
      else records.push(record);
      return false;
    },
    invalid(where, text) {
      rejects.push({ source: raw.source, line: where, reason: REJECT_REASONS.invalidJson, raw: text });
      return false;
    },
  });
  return { sequence: raw.sequence, records: codeRecords(records), rejects, lineCount: raw.lineCount };
}
