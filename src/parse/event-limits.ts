// The bounds an event must stay within (README, "Input files and limits"), so that one
// far-off timestamp or one huge list cannot blow a run up: the day of its timestamp, and
// the length of each list it carries.

import { parseDayString, MS_PER_DAY } from "../model/day.js";
import { FACET_FIELD, FIELD } from "./event-fields.js";
import type { EventSpans } from "./event-spans.js";
import { JsonScanner, type ElementReader } from "./json-bytes.js";
import { JSON_KIND } from "./json-tokens.js";
import { FACET_COUNT } from "../model/facets.js";

/** The first day an event may have: InvenioRDM and its statistics are far younger. */
export const FIRST_EVENT_DAY = parseDayString("1990-01-01");

/** The most entries a list field of one event may hold (community_ids, each facet list). */
export const MAX_LIST_ENTRIES = 1000;

/** Valid event days of a run started at `runStartMs`: 1990-01-01 to the day after the run's start (clocks differ). */
export function eventDayBounds(runStartMs: number): { firstDay: number; lastDay: number } {
  return { firstDay: FIRST_EVENT_DAY, lastDay: Math.floor(runStartMs / MS_PER_DAY) + 1 };
}

/** A list of more than MAX_LIST_ENTRIES entries takes at least 2 * MAX_LIST_ENTRIES + 1 bytes (one-byte entries and commas, brackets): more than this. */
const MOST_BYTES_OF_A_LIST_ALLOWED = 2 * MAX_LIST_ENTRIES + 1;

/** The list fields read: community_ids and every facet field (any of them may be a list). */
const LIST_FIELDS = [FIELD.communityIds, ...Array.from({ length: FACET_COUNT }, (_, k) => FACET_FIELD + k)];

/** Counts an array's elements up to the cap (scanning each, as the grammar check did). */
class ElementCounter implements ElementReader {
  bytes: Uint8Array = new Uint8Array(0);
  limit = 0;
  count = 0;
  readonly json = new JsonScanner();

  element(valueStart: number): number {
    this.count++;
    return this.json.scanValue(this.bytes, valueStart, this.limit);
  }
}
const counter = new ElementCounter();

/** Whether a list field of the event holds more than MAX_LIST_ENTRIES entries. */
export function hasListTooLong(spans: EventSpans): boolean {
  // A shorter line holds no such list (nearly every line), a shorter list needs no count.
  if (spans.lineLength() <= MOST_BYTES_OF_A_LIST_ALLOWED) return false;
  for (const field of LIST_FIELDS) {
    if (spans.kindOf(field) !== JSON_KIND.array || spans.end[field] - spans.start[field] <= MOST_BYTES_OF_A_LIST_ALLOWED) continue;
    counter.bytes = spans.bytes;
    counter.limit = spans.end[field];
    counter.count = 0;
    counter.json.scanElements(spans.bytes, spans.start[field], spans.end[field], counter);
    if (counter.count > MAX_LIST_ENTRIES) return true;
  }
  return false;
}
