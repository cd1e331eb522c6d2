// Reads the record documents and the membership timeline into the shared record index.

import { RecordIndexBuilder } from "../enrich/build-record-index.js";
import { REJECT_REASONS } from "../model/reject-reasons.js";
import { readNdjsonObjects } from "../sources/read-ndjson-objects.js";
import type { RejectedLine } from "../enrich/encode-chunk.js";

export async function loadRecordIndex(
  recordsPath: string | undefined,
  membershipPath: string | undefined,
  onReject: (reject: RejectedLine) => void,
): Promise<RecordIndexBuilder> {
  const builder = new RecordIndexBuilder();
  const inputs: [string | undefined, (value: unknown, line: number, reject: (line: number, reason: string) => void) => void][] = [
    [recordsPath, (value, line, reject) => builder.addRecord(value, line, reject)],
    [membershipPath, (value, line, reject) => builder.addMembership(value, line, reject)],
  ];
  for (const [path, add] of inputs) {
    if (path === undefined) continue;
    await readNdjsonObjects(
      path,
      (value, line) => add(value, line, (at, reason) => onReject({ source: path, line: at, reason, raw: JSON.stringify(value) })),
      (line, raw) => onReject({ source: path, line, reason: REJECT_REASONS.invalidJson, raw }),
    );
  }
  return builder;
}
