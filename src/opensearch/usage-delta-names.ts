// Names of the usage-delta indices (SPEC section 3): yearly indices behind one alias,
// all under the instance's index prefix (often empty, as in invenio-search).

export const USAGE_DELTA_BASE = "stats-community-usage-delta";

/** The yearly index of a document: `<prefix>stats-community-usage-delta-YYYY`. */
export function usageDeltaIndexName(prefix: string, year: string): string {
  return `${prefix}${USAGE_DELTA_BASE}-${year}`;
}

export function usageDeltaIndexPattern(prefix: string): string {
  return `${prefix}${USAGE_DELTA_BASE}-*`;
}

export function usageDeltaAlias(prefix: string): string {
  return `${prefix}${USAGE_DELTA_BASE}`;
}

/** The name our template is installed under (the dashboard's file name, prefixed). */
export function usageDeltaTemplateName(prefix: string): string {
  return `${prefix}${USAGE_DELTA_BASE}-v1.0.0`;
}
