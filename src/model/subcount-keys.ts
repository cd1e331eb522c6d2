// The ten subcount keys of SPEC section 3, in a fixed order. The index of a key in
// SUBCOUNT_KEYS is the "key index" used by dictionaries and columns everywhere.

export type LabelKind =
  | "title" // label is the value's localized title object
  | "name" // label is the value's name (funders, affiliations; id falls back to name)
  | "id"; // label is the id itself

export interface SubcountKeySpec {
  /** Output key in `subcounts`. */
  readonly key: string;
  /** Field name on an (enriched) event. */
  readonly eventField: string;
  readonly labelKind: LabelKind;
  /** True when the event field holds a list of values. */
  readonly multiValued: boolean;
}

export const SUBCOUNT_KEYS: readonly SubcountKeySpec[] = [
  { key: "resource_types", eventField: "resource_type", labelKind: "title", multiValued: false },
  { key: "access_statuses", eventField: "access_status", labelKind: "id", multiValued: false },
  { key: "languages", eventField: "languages", labelKind: "title", multiValued: true },
  { key: "rights", eventField: "rights", labelKind: "title", multiValued: true },
  { key: "funders", eventField: "funders", labelKind: "name", multiValued: true },
  { key: "affiliations", eventField: "affiliations", labelKind: "name", multiValued: true },
  { key: "publishers", eventField: "publisher", labelKind: "id", multiValued: false },
  { key: "periodicals", eventField: "journal_title", labelKind: "id", multiValued: false },
  { key: "countries", eventField: "country", labelKind: "id", multiValued: false },
  { key: "file_types", eventField: "file_types", labelKind: "id", multiValued: true },
];

export const SUBCOUNT_KEY_COUNT = SUBCOUNT_KEYS.length;

export const KEY_INDEX = {
  resourceTypes: 0,
  accessStatuses: 1,
  languages: 2,
  rights: 3,
  funders: 4,
  affiliations: 5,
  publishers: 6,
  periodicals: 7,
  countries: 8,
  fileTypes: 9,
} as const;

export const GLOBAL_COMMUNITY = "global";
