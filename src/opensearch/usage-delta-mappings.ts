// The mapping of the usage-delta indices, as the dashboard's index template declares it
// (invenio-stats-dashboard `stats-community-usage-delta-v1.0.0`, `dynamic: strict`).
// A typed copy, not read from the reference file at run time: the program ships without
// it. test/opensearch/sink-template.test.ts holds this copy equal to the reference.

import { FACETS, type FacetSpec } from "../model/facets.js";

/** One field of an OpenSearch mapping (the subset this template uses). */
export interface MappingField {
  type: "keyword" | "integer" | "long" | "date" | "object" | "nested";
  format?: string;
  dynamic?: boolean | "strict";
  properties?: Record<string, MappingField>;
}

export interface UsageDeltaMappings {
  date_detection: false;
  dynamic: "strict";
  numeric_detection: false;
  properties: Record<string, MappingField>;
}

/**
 * The subcount keys the dashboard's mapping declares, in its order. A key that is a facet
 * (model/facets.ts) maps its label as the facet's row says; the others are keys we do not
 * fill, kept (with keyword labels, as the dashboard declares them) so that documents
 * written by the dashboard and by us share one mapping. A facet the dashboard lacks is
 * added after them (test/model/facets.test.ts asks for the dashboard's template first).
 */
const DASHBOARD_SUBCOUNT_KEYS: readonly string[] = [
  "resource_types",
  "access_statuses",
  "languages",
  "subjects",
  "rights",
  "funders",
  "periodicals",
  "publishers",
  "affiliations",
  "countries",
  "file_types",
  "referrers",
];

type LabelMapping = "localized" | "keyword";

/** A title is an object of any language keys; names and ids are keywords. */
function labelMapping(facet: FacetSpec | undefined): LabelMapping {
  return facet?.label.kind === "title" ? "localized" : "keyword";
}

function subcountLabels(): [string, LabelMapping][] {
  const facets = new Map<string, FacetSpec>(FACETS.map((facet) => [facet.key, facet]));
  const keys = [...DASHBOARD_SUBCOUNT_KEYS, ...[...facets.keys()].filter((key) => !DASHBOARD_SUBCOUNT_KEYS.includes(key))];
  return keys.map((key) => [key, labelMapping(facets.get(key))]);
}

const SECOND_PRECISION_DATE: MappingField = { type: "date", format: "strict_date_hour_minute_second" };

function viewMetrics(): MappingField {
  return {
    type: "object",
    properties: {
      total_events: { type: "integer" },
      unique_visitors: { type: "integer" },
      unique_records: { type: "integer" },
      unique_parents: { type: "integer" },
    },
  };
}

function downloadMetrics(): MappingField {
  return { type: "object", properties: { ...viewMetrics().properties, unique_files: { type: "integer" }, total_volume: { type: "long" } } };
}

function subcountItems(label: LabelMapping): MappingField {
  return {
    type: "nested",
    properties: {
      id: { type: "keyword" },
      // Localized titles (`{lang: text}`) take any language key, hence dynamic.
      label: label === "localized" ? { type: "object", dynamic: true } : { type: "keyword" },
      view: viewMetrics(),
      download: downloadMetrics(),
    },
  };
}

export function usageDeltaMappings(): UsageDeltaMappings {
  return {
    date_detection: false,
    dynamic: "strict",
    numeric_detection: false,
    properties: {
      timestamp: SECOND_PRECISION_DATE,
      community_id: { type: "keyword" },
      period_start: SECOND_PRECISION_DATE,
      period_end: SECOND_PRECISION_DATE,
      totals: { type: "object", properties: { view: viewMetrics(), download: downloadMetrics() } },
      subcounts: {
        type: "object",
        properties: Object.fromEntries(subcountLabels().map(([key, label]) => [key, subcountItems(label)])),
      },
      // Declared by the dashboard for its own updates; we never write it.
      updated_timestamp: SECOND_PRECISION_DATE,
    },
  };
}
