// A plain, independent reading of SPEC section 5 and the README's "Reading events" rules:
// why an event line would be rejected, or null when it is valid. The generator's tests
// hold every line it writes to this.

import { REJECT_REASONS, type RejectReason } from "../../src/model/reject-reasons.js";

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

export function isTimestamp(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const match = TIMESTAMP.exec(value);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return realDay && hour < 24 && minute < 60 && second < 60;
}

export function rejectReason(line: string, fileType: "view" | "download"): RejectReason | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return REJECT_REASONS.invalidJson;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return REJECT_REASONS.notAnObject;
  const event = value as Record<string, unknown>;
  if (event.type !== undefined && event.type !== null && event.type !== "view" && event.type !== "download") {
    return REJECT_REASONS.unknownType;
  }
  const type = typeof event.type === "string" ? event.type : fileType;
  if (!isTimestamp(event.timestamp)) return REJECT_REASONS.invalidTimestamp;
  const recid = event.recid ?? event.record_id;
  if (!((typeof recid === "string" && recid !== "") || typeof recid === "number")) return REJECT_REASONS.missingRecid;
  const size = event.size;
  if (type === "download" && size !== undefined && size !== null) {
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return REJECT_REASONS.invalidSize;
  }
  return null;
}
