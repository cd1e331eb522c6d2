// Reference implementation, step 2 (enrich): the facet values of one event for each
// subcount key, from the event's own fields or else from its record. Reads every facet
// alike from its case in reference-facets.ts.

import type { Label } from "../../src/model/document.js";
import { FACETS } from "../../src/model/facets.js";
import { asList, isJsonObject, nonEmptyString, type JsonObject } from "./json-values.js";
import type { ValidEvent } from "./parse-event-line.js";
import { REFERENCE_FACETS, type ReferenceFacet, type ReferenceLabel } from "./reference-facets.js";

export interface FacetValue {
  id: string;
  /** The label this occurrence carries (title-kind and name-kind keys only); none = no vote. */
  label: Label | undefined;
}

/** The reference's case of the facet at key index `keyIndex` (the engine's order). */
export function referenceFacet(keyIndex: number): ReferenceFacet {
  return REFERENCE_FACETS[FACETS[keyIndex].key];
}

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
function facetValue(label: ReferenceLabel, element: unknown): FacetValue | undefined {
  const text = nonEmptyString(element);
  if (text !== undefined) return { id: text, label: undefined };
  if (label.kind === "id" || !isJsonObject(element)) return undefined;
  if (label.kind === "title") {
    const id = nonEmptyString(element.id);
    return id === undefined ? undefined : { id, label: titleLabel(element.title) };
  }
  // README: funders/affiliations (name kinds): the id is `id`, or the name where there is no id; the label is the name.
  const name = nonEmptyString(element[label.member]);
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

/**
 * The event's values for each subcount key, in the engine's key order. `record` is undefined
 * for an unknown record: then only the event's own fields count (SPEC: no record facets).
 */
export function eventFacets(event: ValidEvent, record: JsonObject | undefined): FacetValue[][] {
  return FACETS.map((_, keyIndex) => {
    const facet = referenceFacet(keyIndex);
    const own = event.fields[facet.event];
    // README: a facet key present on the event (not null) replaces the record's values, even an empty list.
    if (own !== undefined && own !== null) {
      const values = facetValues(facet.label, asList(own));
      if (record === undefined) return values;
      // SPEC 4: a value the event carries without a label takes its record's label of the same id.
      const recordValues = facetValues(facet.label, facet.record(record));
      return values.map((value) => (value.label !== undefined ? value : { id: value.id, label: recordValues.find((v) => v.id === value.id)?.label }));
    }
    if (facet.withoutField !== undefined) return facetValues(facet.label, facet.withoutField(event, record));
    return facetValues(facet.label, record === undefined ? [] : facet.record(record));
  });
}

/** The deduplicated values of a list of elements (elements without an id are skipped). */
function facetValues(label: ReferenceLabel, elements: unknown[]): FacetValue[] {
  const values: FacetValue[] = [];
  for (const element of elements) {
    const value = facetValue(label, element);
    if (value !== undefined) values.push(value);
  }
  return dedupe(values);
}
