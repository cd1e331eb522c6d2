// What the OpenSearch source asks for: the `_source` fields the engine reads (SPEC 1.1,
// 1.2, 1.3; the rest of a document never leaves the server) and the event query.

import { formatDay } from "../model/day.js";
import { FACETS, recordSourceFields } from "../model/facets.js";
import type { SourceDayRange } from "./event-source.js";

/** The record's identity and communities, then what each facet reads (model/facets.ts). */
export const RECORD_SOURCE_FIELDS: readonly string[] = ["id", "parent.id", "parent.communities.ids", ...FACETS.flatMap(recordSourceFields)];

export const MEMBERSHIP_SOURCE_FIELDS: readonly string[] = ["record_id", "community_id", "event_type", "event_date", "is_deleted", "deleted_date"];

/** The stored form of `timestamp` in the event templates. */
const TIMESTAMP_FORMAT = "strict_date_hour_minute_second";

/**
 * The events of the days `range` (all events without one; a NaN bound is open). Events
 * without a timestamp are read too: the engine rejects them (nothing is silently lost);
 * where the mapping stores `timestamp` as a date, an unparseable one cannot be indexed.
 */
export function eventQuery(range: SourceDayRange | null): object {
  const from = range === null || Number.isNaN(range.startDay) ? undefined : `${formatDay(range.startDay)}T00:00:00`;
  const to = range === null || Number.isNaN(range.endDay) ? undefined : `${formatDay(range.endDay + 1)}T00:00:00`;
  if (from === undefined && to === undefined) return { match_all: {} };
  const days = { ...(from === undefined ? {} : { gte: from }), ...(to === undefined ? {} : { lt: to }), format: TIMESTAMP_FORMAT };
  return {
    bool: {
      should: [{ range: { timestamp: days } }, { bool: { must_not: { exists: { field: "timestamp" } } } }],
      minimum_should_match: 1,
    },
  };
}
