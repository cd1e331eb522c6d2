// Malformed event lines, one of each kind that SPEC section 5 and the README reject:
// not JSON, JSON but not an object, no or unparseable timestamp, no recid, a negative or
// non-numeric size (downloads only: size is ignored on views), an unknown `type`.

import { eventDocument, type GeneratedEvent } from "./event-document.js";
import type { Random } from "./random.js";

export type InvalidKind =
  "truncated-json" | "not-an-object" | "missing-timestamp" | "invalid-timestamp" | "missing-recid" | "negative-size" | "non-numeric-size" | "unknown-type";

const ANY_EVENT: readonly InvalidKind[] = ["truncated-json", "not-an-object", "missing-timestamp", "invalid-timestamp", "missing-recid", "unknown-type"];
const DOWNLOAD_ONLY: readonly InvalidKind[] = ["negative-size", "non-numeric-size"];

export interface InvalidLine {
  line: string;
  kind: InvalidKind;
}

function badTimestamp(rng: Random, timestamp: string): string | number {
  const [year, month, day] = timestamp.slice(0, 10).split("-");
  return rng.pick<string | number>([
    `${year}-02-30T12:00:00`, // impossible date
    `${year}-${month}-${day}T25:10:00`, // impossible hour
    `${year}/${month}/${day} 10:00:00`,
    `${day}.${month}.${year}`,
    "yesterday",
    "",
    Date.parse(`${timestamp}Z`) / 1000, // epoch seconds: not the string form
  ]);
}

export function corruptEvent(rng: Random, event: GeneratedEvent): InvalidLine {
  const kinds = event.type === "download" ? [...ANY_EVENT, ...DOWNLOAD_ONLY] : ANY_EVENT;
  const kind = rng.pick(kinds);
  const doc = eventDocument(event);
  const fields: Record<string, unknown> = { ...doc };
  const text = JSON.stringify(fields);
  switch (kind) {
    case "truncated-json":
      // A proper prefix of an object's JSON text is never valid JSON: the closing brace is missing.
      return { kind, line: text.slice(0, 1 + rng.int(text.length - 1)) };
    case "not-an-object":
      return { kind, line: rng.pick([`[${text}]`, "42", JSON.stringify(event.type), "null", "true"]) };
    case "missing-timestamp":
      delete fields.timestamp;
      break;
    case "invalid-timestamp":
      fields.timestamp = badTimestamp(rng, doc.timestamp);
      break;
    case "missing-recid":
      delete fields.record_id;
      delete fields.recid;
      if (rng.chance(0.5)) fields.recid = rng.chance(0.5) ? "" : null;
      break;
    case "negative-size":
      fields.size = -Math.max(1, doc.size ?? 1);
      break;
    case "non-numeric-size":
      fields.size = rng.chance(0.5) ? String(doc.size) : `${Math.ceil((doc.size ?? 0) / 1024)} KB`;
      break;
    case "unknown-type":
      return { kind, line: JSON.stringify({ type: rng.pick(["share", "export", "citation"]), ...fields }) };
  }
  return { kind, line: JSON.stringify(fields) };
}
