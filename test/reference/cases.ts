// Every hand-made reference case, by subject: expectations computed by hand (never by
// calling the reference), so they check the reference and the engine's output alike.

import type { ReferenceCase } from "./case-helpers.js";
import { COMMUNITY_CASES } from "./community-cases.js";
import { FACET_CASES } from "./facet-cases.js";
import { FIDELITY_CASES } from "./fidelity-cases.js";
import { FILTER_CASES } from "./filter-cases.js";
import { LIMIT_CASES } from "./limit-cases.js";

export const REFERENCE_CASES: ReferenceCase[] = [...COMMUNITY_CASES, ...FILTER_CASES, ...FACET_CASES, ...LIMIT_CASES, ...FIDELITY_CASES];
