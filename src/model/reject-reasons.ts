// Stable reasons for rejected input lines (SPEC section 5). They appear in the rejects
// file and in `--on-invalid fail` messages; tests compare them verbatim.

export const REJECT_REASONS = {
  invalidJson: "invalid JSON",
  notAnObject: "not a JSON object",
  invalidTimestamp: "invalid timestamp",
  timestampOutOfRange: "timestamp out of range",
  missingRecid: "missing recid",
  invalidSize: "invalid size",
  unknownType: "unknown type",
  listTooLong: "list too long",
  missingRecordId: "record without id",
  invalidMembership: "invalid membership event",
} as const;

export type RejectReason = (typeof REJECT_REASONS)[keyof typeof REJECT_REASONS];
