// Reference implementation: each facet as the reference reads it, one case per row of the
// engine's facet table (src/model/facets.ts gives only the keys and their order: a row
// without its case here does not type-check). Everything facet-specific the reference
// knows is in this file; event-facets.ts reads any facet alike from its case.

import type { FacetKey } from "../../src/model/facets.js";
import { asList, isJsonObject, nonEmptyString, pathValue, type JsonObject } from "./json-values.js";
import type { ValidEvent } from "./parse-event-line.js";

/** How an item names itself (SPEC 3), which is what its label is. */
export type ReferenceLabel =
  /** `{id, title: {lang: text}}`: the title object; none anywhere: `{"en": id}`. */
  | { kind: "title" }
  /** `{id?, [member]: text}`: the id, or the name where there is no id; the label is the name. */
  | { kind: "name"; member: string }
  /** A plain string, its own label. */
  | { kind: "id" };

export interface ReferenceFacet {
  /** SPEC 1.1: the event field that carries the facet. */
  event: string;
  label: ReferenceLabel;
  /** SPEC 1.2: the items of a record for this facet (before reading their ids). */
  record(record: JsonObject): unknown[];
  /** The items of an event without the field, when they are not its record's (`record` undefined: an unknown record). */
  withoutField?(event: ValidEvent, record: JsonObject | undefined): unknown[];
}

const TITLE = { kind: "title" } as const;
const NAME = { kind: "name", member: "name" } as const;
const ID = { kind: "id" } as const;

export const REFERENCE_FACETS = {
  resource_types: { event: "resource_type", label: TITLE, record: (r) => asList(pathValue(r, ["metadata", "resource_type"])) },
  access_statuses: { event: "access_status", label: ID, record: (r) => asList(pathValue(r, ["access", "status"])) },
  languages: { event: "languages", label: TITLE, record: (r) => asList(pathValue(r, ["metadata", "languages"])) },
  rights: { event: "rights", label: TITLE, record: (r) => asList(pathValue(r, ["metadata", "rights"])) },
  // README: record funders are `metadata.funding[].funder`.
  funders: {
    event: "funders",
    label: NAME,
    record: (r) => asList(pathValue(r, ["metadata", "funding"])).flatMap((f) => asList(pathValue(f, ["funder"]))),
  },
  // README: record affiliations are those of creators[] and contributors[] together (creators first).
  affiliations: {
    event: "affiliations",
    label: NAME,
    record: (r) =>
      [...asList(pathValue(r, ["metadata", "creators"])), ...asList(pathValue(r, ["metadata", "contributors"]))].flatMap((person) =>
        asList(pathValue(person, ["affiliations"])),
      ),
  },
  publishers: { event: "publisher", label: ID, record: (r) => asList(pathValue(r, ["metadata", "publisher"])) },
  periodicals: { event: "journal_title", label: ID, record: (r) => asList(pathValue(r, ["custom_fields", "journal:journal", "title"])) },
  // A property of the visit, never of the record.
  countries: { event: "country", label: ID, record: () => [] },
  file_types: { event: "file_types", label: ID, record: recordFileTypes, withoutField: fallbackFileTypes },
} satisfies Record<FacetKey, ReferenceFacet>;

/** The non-empty strings of a list, lower case. */
function lowerCaseTexts(list: unknown[]): string[] {
  const texts: string[] = [];
  for (const item of list) {
    const text = nonEmptyString(item);
    if (text !== undefined) texts.push(text.toLowerCase());
  }
  return texts;
}

/** The text after the last `.` of the last path segment, lower case; none when that dot is first or last. */
function fileKeyExtension(key: string): string | undefined {
  const segment = key.slice(key.lastIndexOf("/") + 1);
  const dot = segment.lastIndexOf(".");
  if (dot <= 0 || dot === segment.length - 1) return undefined;
  return segment.slice(dot + 1).toLowerCase();
}

/** README: a record's file extensions: `files.entries[*].ext`, else `files.types[]`, else the entries' key extensions; lower case. */
function recordFileTypes(record: JsonObject): unknown[] {
  const entries = pathValue(record, ["files", "entries"]);
  const entryObject = isJsonObject(entries) ? entries : {};
  // Interpretation: the "else" works per record: the next source is used when the previous gives no type.
  const fromExts = lowerCaseTexts(Object.values(entryObject).map((entry) => pathValue(entry, ["ext"])));
  if (fromExts.length > 0) return fromExts;
  const fromTypes = lowerCaseTexts(asList(pathValue(record, ["files", "types"])));
  if (fromTypes.length > 0) return fromTypes;
  const fromKeys: string[] = [];
  for (const key of Object.keys(entryObject)) {
    const extension = fileKeyExtension(key);
    if (extension !== undefined) fromKeys.push(extension);
  }
  return fromKeys;
}

/** README: file_types of an event that carries none: download -> its file_key's extension; view -> its record's file types. */
function fallbackFileTypes(event: ValidEvent, record: JsonObject | undefined): unknown[] {
  if (event.type === "download") {
    // README: never the record's types; applies to unknown records too (it is the event's own file_key).
    const extension = event.fileKey === undefined ? undefined : fileKeyExtension(event.fileKey);
    return extension === undefined ? [] : [extension];
  }
  return record === undefined ? [] : recordFileTypes(record);
}
