// Reference implementation, step 4 (documents): counted events -> per (community, day)
// accumulators -> the SPEC's usage-delta documents, zero days and every key included.

import type { SubcountItem, UsageDeltaDocument } from "../../src/model/document.js";
import { FACETS } from "../../src/model/facets.js";
import { resolveLabel, type LabelVotes } from "./label-votes.js";
import { addEventToSets, downloadMetrics, emptyMetricSets, viewMetrics, type CountedEvent, type MetricSets } from "./metric-sets.js";

interface TypeSets {
  view: MetricSets;
  download: MetricSets;
}

interface DayAccumulator {
  totals: TypeSets;
  /** Per key index: facet id -> the sets of the events carrying it. */
  items: Map<string, TypeSets>[];
}

/** community -> day -> accumulator. */
export type Accumulators = Map<string, Map<string, DayAccumulator>>;

function emptyTypeSets(): TypeSets {
  return { view: emptyMetricSets(), download: emptyMetricSets() };
}

/** Adds an event to the document of each of its communities on its day. */
export function accumulateEvent(accumulators: Accumulators, event: CountedEvent): void {
  for (const community of event.communities) {
    const byDay = accumulators.get(community) ?? new Map<string, DayAccumulator>();
    accumulators.set(community, byDay);
    const day = byDay.get(event.day) ?? { totals: emptyTypeSets(), items: FACETS.map(() => new Map()) };
    byDay.set(event.day, day);
    addEventToSets(day.totals[event.type], event);
    // SPEC: an event with several values counts once in each item; with none, in no item of that key.
    event.facets.forEach((values, keyIndex) => {
      for (const value of values) {
        const item = day.items[keyIndex].get(value.id) ?? emptyTypeSets();
        day.items[keyIndex].set(value.id, item);
        addEventToSets(item[event.type], event);
      }
    });
  }
}

function totalEvents(item: SubcountItem): number {
  return item.view.total_events + item.download.total_events;
}

/** SPEC + README: by view + download total_events descending, then id ascending (plain `<`, UTF-16). */
function compareItems(a: SubcountItem, b: SubcountItem): number {
  if (totalEvents(a) !== totalEvents(b)) return totalEvents(b) - totalEvents(a);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One document; `day` undefined in `accumulators` = a day without events (all zeros, every key []). */
export function buildDocument(accumulators: Accumulators, votes: LabelVotes, community: string, day: string): UsageDeltaDocument {
  const accumulator = accumulators.get(community)?.get(day);
  const totals = accumulator?.totals ?? emptyTypeSets();
  const subcounts: Record<string, SubcountItem[]> = {};
  FACETS.forEach((facet, keyIndex) => {
    const items: SubcountItem[] = [];
    for (const [id, sets] of accumulator?.items[keyIndex] ?? new Map<string, TypeSets>()) {
      // README: labels are voted over the whole run (every counted event, whatever its day or communities).
      items.push({ id, label: resolveLabel(votes, keyIndex, id), view: viewMetrics(sets.view), download: downloadMetrics(sets.download) });
    }
    items.sort(compareItems);
    // SPEC: all ten keys always present, [] when empty.
    subcounts[facet.key] = items;
  });
  return {
    community_id: community,
    // SPEC: a day is [00:00:00, 24:00:00) UTC, written as its first and last second.
    period_start: `${day}T00:00:00`,
    period_end: `${day}T23:59:59`,
    // The reference leaves the run timestamp empty: tests ignore it.
    timestamp: "",
    totals: { view: viewMetrics(totals.view), download: downloadMetrics(totals.download) },
    subcounts,
  };
}
