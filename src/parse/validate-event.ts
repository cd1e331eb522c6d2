// Validation of one event (SPEC section 5 and the README's decisions), read from the
// byte spans of its fields. It fills a reused scratch record instead of allocating one
// per event.

import { EVENT_TYPE, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { REJECT_REASONS, type RejectReason } from "../model/reject-reasons.js";
import { hasListTooLong } from "./event-limits.js";
import { FIELD } from "./event-fields.js";
import type { EventSpans } from "./event-spans.js";
import { JSON_KIND } from "./json-tokens.js";

export interface ValidEvent {
  spans: EventSpans;
  type: EventTypeCode;
  day: number;
  /** The field that holds the record id: `recid`, else `pid_value` (see recordIdField), else `record_id`. */
  recidField: number;
  /** Bytes for downloads (0 when absent); 0 for views. */
  size: number;
}

/** A non-empty string, or a finite number as its decimal text (ids are sometimes numbers). */
export function idText(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

const scratch: ValidEvent = { spans: undefined as unknown as EventSpans, type: EVENT_TYPE.view, day: 0, recidField: FIELD.recid, size: 0 };

/**
 * Checks in a fixed order: type, timestamp (then its day within `days`), recid, size,
 * list lengths (the row is an object already). Returns the scratch record or a reason.
 */
export function validateEvent(spans: EventSpans, fileType: EventTypeCode, days: { firstDay: number; lastDay: number }): ValidEvent | RejectReason {
  let type: EventTypeCode = fileType;
  if (spans.has(FIELD.type)) {
    const typeField = spans.text(FIELD.type);
    if (typeField === "view") type = EVENT_TYPE.view;
    else if (typeField === "download") type = EVENT_TYPE.download;
    else return REJECT_REASONS.unknownType;
  }
  const day = spans.day(FIELD.timestamp);
  if (Number.isNaN(day)) return REJECT_REASONS.invalidTimestamp;
  if (day < days.firstDay || day > days.lastDay) return REJECT_REASONS.timestampOutOfRange;
  const recidField = recordIdField(spans);
  if (recidField < 0) return REJECT_REASONS.missingRecid;
  let size = 0;
  if (type === EVENT_TYPE.download && spans.has(FIELD.size)) {
    const raw = spans.kindOf(FIELD.size) === JSON_KIND.number ? spans.number(FIELD.size) : NaN;
    if (!Number.isSafeInteger(raw) || raw < 0) return REJECT_REASONS.invalidSize;
    size = raw;
  }
  if (hasListTooLong(spans)) return REJECT_REASONS.listTooLong;
  scratch.spans = spans;
  scratch.type = type;
  scratch.day = day;
  scratch.recidField = recidField;
  scratch.size = size;
  return scratch;
}

/**
 * `recid`, else `pid_value` when `pid_type` is `recid` or absent (older invenio-stats record
 * views, whose `record_id` is the record's UUID: the PID is what records are keyed by),
 * else `record_id`; -1 when none holds an id.
 */
function recordIdField(spans: EventSpans): number {
  if (spans.hasId(FIELD.recid)) return FIELD.recid;
  if (spans.hasId(FIELD.pidValue) && (!spans.has(FIELD.pidType) || spans.text(FIELD.pidType) === "recid")) return FIELD.pidValue;
  return spans.hasId(FIELD.recordId) ? FIELD.recordId : -1;
}
