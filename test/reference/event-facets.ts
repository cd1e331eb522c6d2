// Reference implementation, step 2 (enrich): the facet values of one event for each of the
// ten subcount keys, from the event's own fields or else from its record.

import type { Label } from "../../src/model/document.js";
import { SUBCOUNT_KEYS, type LabelKind } from "../../src/model/subcount-keys.js";
import { asList, isJsonObject, nonEmptyString, pathValue, type JsonObject } from "./json-values.js";
import type { ValidEvent } from "./parse-event-line.js";

export interface FacetValue {
  id: string;
  /** The label this occurrence carries (title-kind and name-kind keys only); none = no vote. */
  label: Label | undefined;
}

/** Where each key's values are on a record (file_types is handled apart: see below). */
const RECORD_VALUES: Record<string, (record: JsonObject) => unknown[]> = {
  resource_types: (r) => asList(pathValue(r, ["metadata", "resource_type"])),
  access_statuses: (r) => asList(pathValue(r, ["access", "status"])),
  languages: (r) => asList(pathValue(r, ["metadata", "languages"])),
  rights: (r) => asList(pathValue(r, ["metadata", "rights"])),
  // README: record funders are `metadata.funding[].funder`.
  funders: (r) => asList(pathValue(r, ["metadata", "funding"])).flatMap((f) => asList(pathValue(f, ["funder"]))),
  // README: record affiliations are those of creators[] and contributors[] together (creators first).
  affiliations: (r) =>
    [...asList(pathValue(r, ["metadata", "creators"])), ...asList(pathValue(r, ["metadata", "contributors"]))].flatMap(
      (person) => asList(pathValue(person, ["affiliations"])),
    ),
  publishers: (r) => asList(pathValue(r, ["metadata", "publisher"])),
  periodicals: (r) => asList(pathValue(r, ["custom_fields", "journal:journal", "title"])),
  countries: () => [],
  file_types: () => [],
};

/** A title label: an object of strings (`{lang: text}`); anything else is no title (no vote). */
function titleLabel(value: unknown): Label | undefined {
  if (!isJsonObject(value)) return undefined;
  const title: Record<string, string> = {};
  for (const [lang, text] of Object.entries(value)) {
    if (typeof text !== "string") return undefined;
    title[lang] = text;
  }
  return title;
}

/**
 * One element of a facet value list -> its id and label, or undefined when it has no id.
 * Interpretation: a plain string element is an id without a label (for every kind); ids and
 * names must be non-empty strings; other elements (numbers, lists, null) carry nothing.
 */
function facetValue(kind: LabelKind, element: unknown): FacetValue | undefined {
  const text = nonEmptyString(element);
  if (text !== undefined) return { id: text, label: undefined };
  if (kind === "id" || !isJsonObject(element)) return undefined;
  if (kind === "title") {
    const id = nonEmptyString(element.id);
    return id === undefined ? undefined : { id, label: titleLabel(element.title) };
  }
  // README: funders/affiliations: the id is `id`, or `name` where there is no id; the label is the name.
  const name = nonEmptyString(element.name);
  const id = nonEmptyString(element.id) ?? name;
  return id === undefined ? undefined : { id, label: name };
}

/** README: values deduplicated per event and key by id; the first occurrence keeps its label. */
function dedupe(values: FacetValue[]): FacetValue[] {
  const seen = new Set<string>();
  const kept: FacetValue[] = [];
  for (const value of values) {
    if (seen.has(value.id)) continue;
    seen.add(value.id);
    kept.push(value);
  }
  return kept;
}

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
export function fileKeyExtension(key: string): string | undefined {
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

/**
 * The event's values for each subcount key, in SUBCOUNT_KEYS order. `record` is undefined
 * for an unknown record: then only the event's own fields count (SPEC: no record facets).
 */
export function eventFacets(event: ValidEvent, record: JsonObject | undefined): FacetValue[][] {
  return SUBCOUNT_KEYS.map((spec) => {
    const own = event.fields[spec.eventField];
    // README: a facet key present on the event (not null) replaces the record's values, even an empty list.
    if (own !== undefined && own !== null) {
      const values = facetValues(spec.labelKind, asList(own));
      if (record === undefined || spec.key === "file_types") return values;
      // SPEC 4: a value the event carries without a label takes its record's label of the same id.
      const recordValues = facetValues(spec.labelKind, RECORD_VALUES[spec.key](record));
      return values.map((value) =>
        value.label !== undefined ? value : { id: value.id, label: recordValues.find((v) => v.id === value.id)?.label },
      );
    }
    if (spec.key === "file_types") return facetValues(spec.labelKind, fallbackFileTypes(event, record));
    return facetValues(spec.labelKind, record === undefined ? [] : RECORD_VALUES[spec.key](record));
  });
}

/** The deduplicated values of a list of elements (elements without an id are skipped). */
function facetValues(kind: LabelKind, elements: unknown[]): FacetValue[] {
  const values: FacetValue[] = [];
  for (const element of elements) {
    const value = facetValue(kind, element);
    if (value !== undefined) values.push(value);
  }
  return dedupe(values);
}
