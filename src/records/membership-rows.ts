// Membership events (`stats-community-events` shape) read into rows: one reading of an
// event (readMembership), and the membership kernel (workers) that reads a chunk of raw
// NDJSON lines into rows coded against the chunk's own community list, so that the
// coordinator only interns each community once per chunk and appends typed arrays.

import { parseTimestampMs } from "../model/day.js";
import { REJECT_REASONS, type RejectReason } from "../model/reject-reasons.js";
import type { RawChunk, RejectedLine } from "../model/chunk-types.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import { readChunkRows } from "../parse/chunk-rows.js";
import { chunkBytes } from "../parse/file-range.js";
import { idText } from "../parse/validate-event.js";

export interface MembershipRow {
  record: string;
  community: string;
  ms: number;
  added: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A membership event's row; null for one of `global` (every record is in it); a reason for an invalid one. */
export function readMembership(value: unknown): MembershipRow | null | RejectReason {
  const record = isObject(value) ? idText(value.record_id) : undefined;
  const community = isObject(value) ? idText(value.community_id) : undefined;
  const type = isObject(value) ? value.event_type : undefined;
  const ms = isObject(value) && typeof value.event_date === "string" ? parseTimestampMs(value.event_date, false) : NaN;
  if (record === undefined || community === undefined || (type !== "added" && type !== "removed") || Number.isNaN(ms)) {
    return REJECT_REASONS.invalidMembership;
  }
  return community === GLOBAL_COMMUNITY ? null : { record, community, ms, added: type === "added" };
}

/** A chunk's membership rows, in input order, and its rejected lines. */
export interface CodedMembership {
  sequence: number;
  records: string[];
  /** Per row: its community's code in `communities`. */
  community: Int32Array;
  communities: string[];
  ms: Float64Array;
  added: Uint8Array;
  rejects: RejectedLine[];
  /** A chunk given as a file range: the lines it held (its rejects count from its start). */
  lineCount: number;
}

export function extractMembershipChunk(given: RawChunk): CodedMembership {
  const raw = chunkBytes(given);
  const records: string[] = [];
  const codes: number[] = [];
  const ms: number[] = [];
  const added: number[] = [];
  const communities: string[] = [];
  const communityCodes = new Map<string, number>();
  const rejects: RejectedLine[] = [];
  readChunkRows(raw, {
    row(value, where, source) {
      const row = readMembership(value);
      if (typeof row === "string") rejects.push({ source, line: where, reason: row, raw: JSON.stringify(value) });
      else if (row !== null) {
        let code = communityCodes.get(row.community);
        if (code === undefined) {
          communityCodes.set(row.community, (code = communities.length));
          communities.push(row.community);
        }
        records.push(row.record);
        codes.push(code);
        ms.push(row.ms);
        added.push(row.added ? 1 : 0);
      }
      return false;
    },
    invalid(where, text) {
      rejects.push({ source: raw.source, line: where, reason: REJECT_REASONS.invalidJson, raw: text });
      return false;
    },
  });
  return {
    sequence: raw.sequence,
    records,
    community: Int32Array.from(codes),
    communities,
    ms: Float64Array.from(ms),
    added: Uint8Array.from(added),
    rejects,
    lineCount: raw.lineCount,
  };
}
