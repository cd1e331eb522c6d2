// Canonical JSON text (object keys sorted, recursively): the identity of a label and
// the tie-breaker of label votes (SPEC section 4).

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = "{";
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) text += ",";
    text += `${JSON.stringify(keys[i])}:${canonicalJson(record[keys[i]])}`;
  }
  return `${text}}`;
}
