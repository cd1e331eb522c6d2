// What a hand-made reference case is, and the helpers the case files share (lookups and
// literals only: expectations are written by hand, never computed by the reference).

import { expect } from "vitest";
import type { DownloadMetrics, UsageDeltaDocument, ViewMetrics } from "../../src/model/document.js";
import type { ReferenceInput, ReferenceOptions, ReferenceReject } from "./reference-types.js";

export interface CaseResult {
  documents: UsageDeltaDocument[];
  rejects: ReferenceReject[];
}

export interface ReferenceCase {
  name: string;
  input: ReferenceInput;
  options?: ReferenceOptions;
  check(result: CaseResult): void;
}

const TEN_KEYS = [
  "resource_types",
  "access_statuses",
  "languages",
  "rights",
  "funders",
  "affiliations",
  "publishers",
  "periodicals",
  "countries",
  "file_types",
];

export function line(event: Record<string, unknown>): string {
  return JSON.stringify(event);
}

export function input(parts: Partial<ReferenceInput>): ReferenceInput {
  return { views: [], downloads: [], records: [], membership: [], ...parts };
}

export function view(total: number, visitors: number, records: number, parents: number): ViewMetrics {
  return { total_events: total, unique_visitors: visitors, unique_records: records, unique_parents: parents };
}

export function download(total: number, visitors: number, records: number, parents: number, files: number, volume: number): DownloadMetrics {
  return { ...view(total, visitors, records, parents), unique_files: files, total_volume: volume };
}

export const NO_VIEWS = view(0, 0, 0, 0);
export const NO_DOWNLOADS = download(0, 0, 0, 0, 0, 0);

export function emptySubcounts(): Record<string, []> {
  return Object.fromEntries(TEN_KEYS.map((key) => [key, []]));
}

/** The one document of a community on a day. */
export function doc(result: CaseResult, community: string, day: string): UsageDeltaDocument {
  const found = result.documents.filter((d) => d.community_id === community && d.period_start === `${day}T00:00:00`);
  expect(found, `${community} ${day}`).toHaveLength(1);
  return found[0];
}

export function expectZeroDocument(document: UsageDeltaDocument): void {
  expect(document.totals).toEqual({ view: NO_VIEWS, download: NO_DOWNLOADS });
  expect(document.subcounts).toEqual(emptySubcounts());
  expect(Object.keys(document.subcounts).sort()).toEqual([...TEN_KEYS].sort());
}

/** Community and day of every document, in output order. */
export function documentKeys(result: CaseResult): string[] {
  return result.documents.map((d) => `${d.community_id} ${d.period_start.slice(0, 10)}`);
}
