// The metadata half of the random datasets (dataset-arbitrary.ts): the pools of days,
// communities, records and parents, the facet vocabularies (the same id with different
// labels, titles in different key orders), records and membership events.

import fc from "fast-check";

export type Json = Record<string, unknown>;

/** The days events are written on (a leap day and a month change); zones can move them by one. */
export const DATASET_DAYS = ["2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"];
export const MEMBERSHIP_DAYS = ["2024-02-27", ...DATASET_DAYS, "2024-03-03"];
export const COMMUNITY_POOL = ["c1", "c2", "c3", "c4"];
/** "7" is also used as the number 7 by events (recid as a number). */
export const RECORD_POOL = ["r1", "r2", "7", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"];
export const PARENT_POOL = ["p1", "p2", "p3"];

/** A record whose every key may be absent (never present with `undefined`). */
export function optionalFields<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) {
  return fc.record(model, { requiredKeys: [], noNullPrototype: true });
}

// ---- facet vocabularies: the same id with different labels, titles in different key orders

export const RESOURCE_TYPES = [
  { id: "dataset", title: { en: "Dataset", de: "Datensatz" } },
  { id: "dataset", title: { de: "Datensatz", en: "Dataset" } },
  { id: "dataset", title: { en: "Data set" } },
  { id: "image-photo", title: { en: "Photo" } },
  { id: "software" },
  // Ids without their title (the dashboard's 2025 download events): they vote for the record's label.
  { id: "dataset" },
  "image-photo",
];
export const LANGUAGES = [
  { id: "eng", title: { en: "English" } },
  { id: "eng", title: { fr: "Anglais", en: "English" } },
  { id: "fra", title: { en: "French", fr: "Français" } },
  "deu",
  { id: "eng" },
  { id: "deu", title: { en: "German" } },
];
export const RIGHTS = [
  { id: "cc-by-4.0", title: { en: "CC BY 4.0" } },
  { id: "cc-by-4.0", title: { en: "Creative Commons Attribution 4.0" } },
  { id: "cc0-1.0", title: { en: "CC0 1.0" } },
  { id: "cc-by-4.0" },
];
export const FUNDERS = [{ id: "f1", name: "Funder One" }, { id: "f1", name: "F1 Agency" }, { name: "Open Fund" }, { id: "f2" }, { id: "f1" }];
export const AFFILIATIONS = [
  { id: "a1", name: "Uni A" },
  { id: "a1", name: "University A" },
  { name: "Lab B" },
  { id: "a2", name: "Inst C" },
  { name: "" },
  { id: "a1" },
];
export const ACCESS_STATUSES = ["open", "restricted", "embargoed", "metadata-only"];
export const PUBLISHERS = ["Zenodo", "Pub B"];
export const JOURNALS = ["J One", "J Two"];
export const COUNTRIES = ["DE", "US", "FR"];
export const FILE_TYPES = ["pdf", "csv", "PDF"];
export const FILE_KEYS = ["data.csv", "paper.PDF", "dir.v2/readme", ".hidden", "archive.tar.gz", "notes.", "img.Png"];

/** A facet field value: a list (maybe with repeats), a single value, `[]` or `null`. */
export function listOrSingle<T>(pool: readonly T[]): fc.Arbitrary<T | T[] | null> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.constantFrom(...pool), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

// ---- records

function personArb(): fc.Arbitrary<Json> {
  return fc.array(fc.constantFrom(...AFFILIATIONS), { maxLength: 3 }).map((affiliations) => ({
    person_or_org: { name: "Doe, J." },
    affiliations,
  }));
}

const recordFilesArb: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  { enabled: true, entries: { "data.CSV": { ext: "CSV", size: 10 }, "paper.pdf": { ext: "pdf", size: 20 } } },
  { enabled: true, entries: { "table.xlsx": { size: 5 }, README: { size: 1 } } },
  { enabled: true, entries: { "img.png": { size: 5 } }, types: ["TIFF"] },
  { enabled: true, types: ["pdf", "zip"] },
  { enabled: false },
);

function recordArb(id: string, communities: string[]): fc.Arbitrary<Json> {
  const parent = optionalFields({
    id: fc.constantFrom(...PARENT_POOL),
    communities: fc.subarray([...communities, "c-old"]).map((ids) => ({ ids })),
  });
  const metadata = optionalFields({
    resource_type: fc.constantFrom(...RESOURCE_TYPES),
    languages: fc.array(fc.constantFrom(...LANGUAGES), { maxLength: 2 }),
    rights: fc.array(fc.constantFrom(...RIGHTS), { maxLength: 2 }),
    funding: fc.array(
      fc.oneof(
        fc.constantFrom(...FUNDERS).map((funder) => ({ funder, award: { id: "aw1" } })),
        fc.constant({ award: { id: "aw2" } }),
      ),
      { maxLength: 3 },
    ),
    creators: fc.array(personArb(), { maxLength: 2 }),
    contributors: fc.array(personArb(), { maxLength: 2 }),
    publisher: fc.constantFrom(...PUBLISHERS),
  });
  return optionalFields({
    parent,
    metadata,
    access: fc.constantFrom(...ACCESS_STATUSES).map((status) => ({ status, record: "public" })),
    custom_fields: fc.constantFrom(...JOURNALS).map((title) => ({ "journal:journal": { title } })),
    files: recordFilesArb,
  }).map((record) => ({ id, ...record }));
}

/**
 * One record per id; sometimes an id comes twice (a re-index): the earlier copy, whose
 * communities may include "c-dup" that no other record, membership or event names, is
 * superseded by the later one and must leave no trace.
 */
export function recordsArb(recordIds: string[], communities: string[]): fc.Arbitrary<unknown[]> {
  const finals = fc.tuple(...recordIds.map((id) => recordArb(id, communities)));
  const superseded = fc
    .subarray(recordIds, { maxLength: Math.min(3, recordIds.length) })
    .chain((ids) => fc.tuple(...ids.map((id) => recordArb(id, [...communities, "c-dup"]))));
  return fc.tuple(superseded, finals).map(([earlier, later]): unknown[] => [...earlier, ...later]);
}

// ---- membership

export function membershipArb(recordIds: string[], communities: string[]): fc.Arbitrary<Json[]> {
  if (communities.length === 0) return fc.constant([]);
  const recordId = fc.constantFrom(...recordIds, "r-gone");
  const community = fc.constantFrom(...communities);
  const date = fc.tuple(fc.constantFrom(...MEMBERSHIP_DAYS), fc.constantFrom("", "T08:00:00", "T16:00:00", "T23:30:00-05:00"));
  const single = fc
    .record({
      record_id: recordId,
      community_id: community,
      event_type: fc.constantFrom("added", "added", "removed"),
      date,
      is_deleted: fc.boolean(),
    })
    .map(({ date: [day, time], ...rest }) => [{ ...rest, event_date: `${day}${time}` }]);
  // Same-day pairs in file order: added then removed, or removed then added (date only).
  const sameDay = fc
    .record({ record_id: recordId, community_id: community, day: fc.constantFrom(...MEMBERSHIP_DAYS), removeLast: fc.boolean() })
    .map(({ record_id, community_id, day, removeLast }) => {
      const types = removeLast ? ["added", "removed"] : ["removed", "added"];
      return types.map((event_type) => ({ record_id, community_id, event_type, event_date: day, is_deleted: false }));
    });
  return fc.array(fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: sameDay }), { maxLength: 8 }).map((groups) => groups.flat());
}
