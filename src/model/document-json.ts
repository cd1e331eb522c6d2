// Documents as JSON text, exact at any size: `total_volume` is a sum of bytes that can
// pass 2^53 - 1 (then the engine holds it as a bigint, which JSON.stringify refuses), and
// an exact integer must be written and read back as its digits, not as a rounded double.

import type { UsageDeltaDocument } from "./document.js";

// `"total_volume":` with a quote right before the key can only be a key: inside a JSON
// string every quote is escaped.
const QUOTED_VOLUME = /"total_volume":"(\d+)"/g;
const LONG_VOLUME = /"total_volume":(\d{16,})/g;

export function documentJson(document: UsageDeltaDocument): string {
  // Without a bigint (the usual case) the plain serializer says the same: a replacer
  // costs a call per value, most of the time JSON.stringify takes. A bigint makes it throw.
  try {
    return JSON.stringify(document);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  let big = false;
  const text = JSON.stringify(document, (_key, value: unknown) => {
    if (typeof value !== "bigint") return value;
    big = true;
    return value.toString();
  });
  return big ? text.replace(QUOTED_VOLUME, '"total_volume":$1') : text;
}

/** A document line as documentJson writes it; a volume beyond 2^53 - 1 comes back as an exact bigint. */
export function parseDocumentJson(text: string): UsageDeltaDocument {
  return JSON.parse(text.replace(LONG_VOLUME, '"total_volume":"$1"'), (key, value: unknown) =>
    key === "total_volume" && typeof value === "string" ? exactVolume(BigInt(value)) : value,
  ) as UsageDeltaDocument;
}

/** A volume as the documents hold it: a number while exact, a bigint beyond. */
export function exactVolume(volume: bigint): number | bigint {
  return volume <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(volume) : volume;
}
