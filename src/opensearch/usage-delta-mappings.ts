// The mapping of the usage-delta indices, as the dashboard's index template declares it
// (invenio-stats-dashboard `stats-community-usage-delta-v1.0.0`, `dynamic: strict`).
// A typed copy, not read from the reference file at run time: the program ships without
// it. test/opensearch/sink-template.test.ts holds this copy equal to the reference.

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
 * The subcount keys of the mapping, in the reference's order, and how each maps its label.
 * The mapping has two keys the SPEC does not fill (`subjects`, `referrers`); they stay so
 * that documents written by the dashboard and by us share one mapping.
 */
const SUBCOUNT_LABELS: readonly [string, "localized" | "keyword"][] = [
  ["resource_types", "localized"],
  ["access_statuses", "keyword"],
  ["languages", "localized"],
  ["subjects", "keyword"],
  ["rights", "localized"],
  ["funders", "keyword"],
  ["periodicals", "keyword"],
  ["publishers", "keyword"],
  ["affiliations", "keyword"],
  ["countries", "keyword"],
  ["file_types", "keyword"],
  ["referrers", "keyword"],
];

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

function subcountItems(label: "localized" | "keyword"): MappingField {
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
        properties: Object.fromEntries(SUBCOUNT_LABELS.map(([key, label]) => [key, subcountItems(label)])),
      },
      // Declared by the dashboard for its own updates; we never write it.
      updated_timestamp: SECOND_PRECISION_DATE,
    },
  };
}
