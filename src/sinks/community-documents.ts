// What `status` learns from a sink about one community's documents: how many, the first
// and last day, and the days without a document from the first one to the bookmark.

import { formatDay, parseDayString } from "../model/day.js";

/** The documents of one community in the sink, held against its bookmark. */
export interface CommunityDocuments {
  documents: number;
  first_day: string | null;
  last_day: string | null;
  /** Days from the first document to the bookmark (without one: to the last document) that have none. */
  missing_days: number;
  first_missing_day: string | null;
}

/** A community's documents from the days it has (day numbers, any order). */
export function documentsFromDays(days: readonly number[], bookmark: string | null): CommunityDocuments {
  // No document at all: nothing to count gaps from (status says "no documents").
  if (days.length === 0) return { documents: 0, first_day: null, last_day: null, missing_days: 0, first_missing_day: null };
  const sorted = [...days].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const upTo = bookmark === null ? last : parseDayString(bookmark);
  let expected = first;
  let missing = 0;
  let firstMissing: number | null = null;
  for (const day of sorted) {
    if (day > upTo) break;
    if (day > expected) {
      missing += day - expected;
      firstMissing ??= expected;
    }
    expected = Math.max(expected, day + 1);
  }
  if (expected <= upTo) {
    missing += upTo - expected + 1;
    firstMissing ??= expected;
  }
  return {
    documents: sorted.length,
    first_day: formatDay(first),
    last_day: formatDay(last),
    missing_days: missing,
    first_missing_day: firstMissing === null ? null : formatDay(firstMissing),
  };
}
