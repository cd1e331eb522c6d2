// The facet table: the subcount keys of SPEC section 3, one row each, in output order.
// Everything facet-specific is derived from it (the event fields read, the record paths
// and OpenSearch `_source` fields fetched, the readers, the document's keys and labels,
// the mapping's label types, the search backend's fields). A row's position is its "key
// index", used by dictionaries and columns everywhere. To add a facet: add its row here
// and its case to the reference implementation (test/reference/reference-facets.ts).

/** How an item of a facet names itself, which is what its label is. */
export type LabelSpec =
  /** `{id, [member]: {lang: text}}`: the label is the localized object (SPEC 4: `{"en": id}` without one). */
  | { readonly kind: "title"; readonly member: string }
  /** `{id?, [member]: text}`: the id, or the name where there is no id; the label is the name. */
  | { readonly kind: "name"; readonly member: string }
  /** A plain string that is its own label. */
  | { readonly kind: "id" };

/**
 * The InvenioRDM file-types rule (README, "Decisions where the SPEC is silent", Facets):
 * a record's `files.entries[*].ext`, else `files.types[]`, else the extensions of the
 * entry keys; a download without the event field takes its own `file_key`'s extension
 * instead of its record's.
 */
export const FILES_RULE = "files";

/** The record fields the files rule reads. */
const FILES_RULE_FIELDS = ["files.entries", "files.types"] as const;

/**
 * Where a record holds a facet's values: dotted paths from the record's root, read in
 * order (each value may be one item or a list of items; a step through a member that
 * must be an object). `name[]` steps into each item of a list (or the one object).
 * The files rule, or no path at all (a property of the visit, never of the record).
 */
type RecordValues = readonly string[] | typeof FILES_RULE;

export interface FacetSpec {
  /** Output key in `subcounts` (SPEC 3), and the search backend's field. */
  readonly key: string;
  /** Field of an (enriched) event carrying the values; present (not null), it replaces the record's. */
  readonly eventField: string;
  readonly label: LabelSpec;
  readonly record: RecordValues;
}

const TITLE = { kind: "title", member: "title" } as const;
const NAME = { kind: "name", member: "name" } as const;
const ID = { kind: "id" } as const;

// A table, read by rows: a formatter keeps its columns.
// prettier-ignore
export const FACETS = [
  { key: "resource_types",  eventField: "resource_type", label: TITLE, record: ["metadata.resource_type"] },
  { key: "access_statuses", eventField: "access_status", label: ID,    record: ["access.status"] },
  { key: "languages",       eventField: "languages",     label: TITLE, record: ["metadata.languages"] },
  { key: "rights",          eventField: "rights",        label: TITLE, record: ["metadata.rights"] },
  { key: "funders",         eventField: "funders",       label: NAME,  record: ["metadata.funding[].funder"] },
  { key: "affiliations",    eventField: "affiliations",  label: NAME,  record: ["metadata.creators[].affiliations", "metadata.contributors[].affiliations"] },
  { key: "publishers",      eventField: "publisher",     label: ID,    record: ["metadata.publisher"] },
  { key: "periodicals",     eventField: "journal_title", label: ID,    record: ["custom_fields.journal:journal.title"] },
  { key: "countries",       eventField: "country",       label: ID,    record: [] }, // a property of the visit
  { key: "file_types",      eventField: "file_types",    label: ID,    record: FILES_RULE },
] as const satisfies readonly FacetSpec[];

export type FacetKey = (typeof FACETS)[number]["key"];

export const FACET_COUNT = FACETS.length;

/** The key index of the facet read by the files rule (-1: none). */
export const FILES_RULE_KEY_INDEX: number = FACETS.findIndex((facet: FacetSpec) => facet.record === FILES_RULE);

/** The record fields (OpenSearch `_source` includes) a facet reads. */
export function recordSourceFields(facet: FacetSpec): readonly string[] {
  if (facet.record === FILES_RULE) return FILES_RULE_FIELDS;
  return facet.record.map((path) => path.replaceAll("[]", ""));
}
