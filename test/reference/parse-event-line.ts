// Reference implementation, step 1: one raw line of a views/downloads file -> a blank line,
// a rejected line with its reason, or a valid event. No records, no range, no filters yet.

import { REJECT_REASONS } from "../../src/model/reject-reasons.js";
import { idText, isJsonObject, nonEmptyString, type JsonObject } from "./json-values.js";
import { REFERENCE_FACETS } from "./reference-facets.js";
import type { EventType, InputFile } from "./reference-types.js";
import { dayOfMs, timestampDay } from "./utc-day.js";

// README, "Input files and limits": event days from 1990-01-01 to the day after the run's start;
// at most 1,000 entries in each list field the engine reads.
const FIRST_DAY = "1990-01-01";
const MAX_LIST_ENTRIES = 1000;
const LIST_FIELDS = ["community_ids", ...Object.values(REFERENCE_FACETS).map((facet) => facet.event)];

export interface ValidEvent {
  file: InputFile;
  line: number;
  type: EventType;
  /** UTC day `YYYY-MM-DD` of the timestamp. */
  day: string;
  recid: string;
  /** `parent_recid`, else `parent_id`; the record's `parent.id` is looked up later. */
  parentOnEvent: string | undefined;
  visitor: string | undefined;
  /** Downloads only (undefined on views). */
  fileId: string | undefined;
  /** Downloads only (undefined on views). */
  fileKey: string | undefined;
  /** Downloads: bytes; views: always 0. */
  sizeBytes: number;
  isRobot: boolean;
  isMachine: boolean;
  viaApi: boolean;
  /** The event's own `community_ids` (undefined when absent or null). */
  communityIds: string[] | undefined;
  /** The parsed event object, for its facet fields. */
  fields: JsonObject;
}

export type LineOutcome = { kind: "blank" } | { kind: "reject"; reason: string } | { kind: "event"; event: ValidEvent };

// Interpretation: a blank line holds only JSON whitespace (space, tab, CR, LF) or nothing.
const BLANK = /^[ \t\r\n]*$/;

const FILE_TYPE: Record<InputFile, EventType> = { views: "view", downloads: "download" };

function reject(reason: string): LineOutcome {
  return { kind: "reject", reason };
}

/**
 * Checks in this order (the first failing check names the reason): JSON, object, type,
 * timestamp, recid, size. Interpretation: `type` is checked before the other fields because
 * it decides whether `size` applies at all.
 */
export function parseEventLine(text: string, file: InputFile, line: number, runStart: Date): LineOutcome {
  // README: blank lines are skipped silently: they hold no input.
  if (BLANK.test(text)) return { kind: "blank" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return reject(REJECT_REASONS.invalidJson);
  }
  // README: a line that is JSON but not an object (`[]`, `3`, `"x"`, `null`) is rejected.
  if (!isJsonObject(parsed)) return reject(REJECT_REASONS.notAnObject);

  // README: the event's own `type` wins when present (interpretation: null = absent); else the file says it.
  const rawType = parsed.type;
  if (rawType !== undefined && rawType !== null && rawType !== "view" && rawType !== "download") {
    return reject(REJECT_REASONS.unknownType);
  }
  const type: EventType = rawType === "view" || rawType === "download" ? rawType : FILE_TYPE[file];

  // README timestamp grammar; impossible dates and non-strings are invalid. Converted to its UTC day.
  const day = timestampDay(parsed.timestamp);
  if (day === undefined) return reject(REJECT_REASONS.invalidTimestamp);
  const lastDay = dayOfMs(runStart.getTime() + 86_400_000);
  if (dayOrder(day) < dayOrder(FIRST_DAY) || dayOrder(day) > dayOrder(lastDay)) return reject(REJECT_REASONS.timestampOutOfRange);

  // README: `recid`, else `pid_value` when `pid_type` is "recid" or absent (null = absent), else
  // `record_id`: each a non-empty string or a number (its decimal text).
  const pidValue = parsed.pid_type === undefined || parsed.pid_type === null || parsed.pid_type === "recid" ? idText(parsed.pid_value) : undefined;
  const recid = idText(parsed.recid) ?? pidValue ?? idText(parsed.record_id);
  if (recid === undefined) return reject(REJECT_REASONS.missingRecid);

  // README: size on downloads only; missing/null = 0; else a finite non-negative integer number.
  let sizeBytes = 0;
  if (type === "download" && parsed.size !== undefined && parsed.size !== null) {
    const size = parsed.size;
    // README: at most 2^53 - 1 (beyond it a JSON number is no longer exact).
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
      return reject(REJECT_REASONS.invalidSize);
    }
    sizeBytes = size;
  }

  // Entries counted as they are, before any is ignored (a list of 1,001 nulls is too long).
  if (LIST_FIELDS.some((field) => Array.isArray(parsed[field]) && (parsed[field] as unknown[]).length > MAX_LIST_ENTRIES)) {
    return reject(REJECT_REASONS.listTooLong);
  }

  return {
    kind: "event",
    event: {
      file,
      line,
      type,
      day,
      recid,
      // SPEC: `parent_recid`, fallback `parent_id` (same id rule as recid; anything else = absent).
      parentOnEvent: idText(parsed.parent_recid) ?? idText(parsed.parent_id),
      // Interpretation: visitor_id / file_id follow the id rule: "" or a non-string/non-number is missing.
      visitor: idText(parsed.visitor_id),
      fileId: type === "download" ? idText(parsed.file_id) : undefined,
      fileKey: type === "download" ? nonEmptyString(parsed.file_key) : undefined,
      sizeBytes,
      // Interpretation: only the JSON value `true` sets a flag ("true", 1 do not).
      isRobot: parsed.is_robot === true,
      isMachine: parsed.is_machine === true,
      viaApi: parsed.via_api === true,
      communityIds: readCommunityIds(parsed.community_ids),
      fields: parsed,
    },
  };
}

/**
 * `community_ids` when present: undefined when absent or null; a single string counts as a
 * one-element list (interpretation); non-string and empty entries are ignored (interpretation).
 */
function readCommunityIds(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const item of list) {
    const id = nonEmptyString(item);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

/** Days compare by their numbers (a year may have 5 digits: `10000-01-01`). */
function dayOrder(day: string): number {
  const [year, month, date] = day.split("-").map(Number);
  return (year * 100 + month) * 100 + date;
}
