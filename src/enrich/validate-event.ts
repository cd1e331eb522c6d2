// Validation of one parsed event line (SPEC section 5 and the README's decisions). It
// fills a reused scratch record instead of allocating one per event.

import { EVENT_TYPE, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { parseTimestampDay } from "../model/day.js";
import { REJECT_REASONS, type RejectReason } from "../model/reject-reasons.js";

export type EventFields = Record<string, unknown>;

export interface ValidEvent {
  fields: EventFields;
  type: EventTypeCode;
  day: number;
  recid: string;
  /** Bytes for downloads (0 when absent); 0 for views. */
  size: number;
}

/** A non-empty string, or a finite number as its decimal text (ids are sometimes numbers). */
export function idText(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

const scratch: ValidEvent = { fields: {}, type: EVENT_TYPE.view, day: 0, recid: "", size: 0 };

/** Checks in a fixed order: object, type, timestamp, recid, size. Returns the scratch record or a reason. */
export function validateEvent(value: unknown, fileType: EventTypeCode): ValidEvent | RejectReason {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return REJECT_REASONS.notAnObject;
  const fields = value as EventFields;
  const typeField = fields.type;
  let type: EventTypeCode = fileType;
  if (typeField !== undefined && typeField !== null) {
    if (typeField === "view") type = EVENT_TYPE.view;
    else if (typeField === "download") type = EVENT_TYPE.download;
    else return REJECT_REASONS.unknownType;
  }
  const day = typeof fields.timestamp === "string" ? parseTimestampDay(fields.timestamp) : NaN;
  if (Number.isNaN(day)) return REJECT_REASONS.invalidTimestamp;
  const recid = idText(fields.recid) ?? idText(fields.record_id);
  if (recid === undefined) return REJECT_REASONS.missingRecid;
  let size = 0;
  if (type === EVENT_TYPE.download && fields.size !== undefined && fields.size !== null) {
    const raw = fields.size;
    if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < 0) return REJECT_REASONS.invalidSize;
    size = raw;
  }
  scratch.fields = fields;
  scratch.type = type;
  scratch.day = day;
  scratch.recid = recid;
  scratch.size = size;
  return scratch;
}
