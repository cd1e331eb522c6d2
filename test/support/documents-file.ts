// Documents as tests compare them: read from an NDJSON output, keyed by id, without the
// run's `timestamp` (the one field that differs from run to run).

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { UsageDeltaDocument } from "../../src/model/document.js";

export async function readDocuments(path: string): Promise<UsageDeltaDocument[]> {
  if (!existsSync(path)) return [];
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as UsageDeltaDocument);
}

/** id -> the document's JSON text without `timestamp`, in id order. */
export function comparable(documents: readonly UsageDeltaDocument[]): Map<string, string> {
  const entries = documents.map(({ timestamp: _ignored, ...rest }): [string, string] => [
    `${rest.community_id}-${rest.period_start.slice(0, 10)}`,
    JSON.stringify(rest),
  ]);
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The days (YYYY-MM-DD) the documents cover, per community. */
export function daysByCommunity(documents: readonly UsageDeltaDocument[]): Map<string, string[]> {
  const days = new Map<string, string[]>();
  for (const d of documents) {
    const list = days.get(d.community_id) ?? [];
    list.push(d.period_start.slice(0, 10));
    days.set(d.community_id, list);
  }
  for (const list of days.values()) list.sort();
  return days;
}
