// The encode kernel's configuration for a test that calls it directly: a tallying pass
// that keeps every day, robots dropped, event days bounded as a run of 2026-01-01 has them.

import type { EncodeConfig } from "../../src/model/chunk-types.js";
import { eventDayBounds } from "../../src/parse/event-limits.js";

export const TALLYING_PASS: EncodeConfig = {
  startDay: null,
  endDay: null,
  keepStartDay: null,
  keepEndDay: null,
  tally: true,
  includeRobots: false,
  excludeMachines: false,
  excludeApi: false,
  eventCommunitiesOnly: false,
  stopAtFirstInvalid: false,
  eventDays: eventDayBounds(Date.parse("2026-01-01T00:00:00Z")),
};
