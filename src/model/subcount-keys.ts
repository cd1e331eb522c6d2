// The pseudo-community every event also counts for (SPEC 1.3). The subcount keys
// themselves are the facet table's rows: see facets.ts.

export const GLOBAL_COMMUNITY = "global";
