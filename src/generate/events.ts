// The usage events of a catalog, day by day in time order: an iterator, so that a file
// writer or an OpenSearch bulk loader can stream millions without holding them.

import type { Catalog } from "./catalog.js";
import { eventsPerDay } from "./calendar.js";
import { SHAPES, type DataShape } from "./data-shapes.js";
import { generateDay } from "./event-day.js";
import type { EventShares, GeneratedEvent } from "./event-document.js";
import { Random } from "./random.js";
import { createTrafficModel } from "./traffic-model.js";

export interface EventOptions {
  /** Exactly this many events are yielded. */
  events: number;
  /** Default "default" (see data-shapes.ts): who reads what, how often. */
  shape?: DataShape;
  /** Share of events enriched at ingestion (community_ids and facets); default the shape's (0.4). */
  enrichedShare?: number;
  /** Share of enriched events with an older label for one facet value; default 0.06. */
  olderLabelShare?: number;
}

export function* generateEvents(catalog: Catalog, options: EventOptions): Generator<GeneratedEvent> {
  const rng = Random.derive(catalog.seed, "events");
  const shape = SHAPES[options.shape ?? "default"];
  const model = createTrafficModel(Random.derive(catalog.seed, "traffic"), catalog, options.events, shape);
  const shares: EventShares = { enriched: options.enrichedShare ?? shape.enrichedShare, olderLabel: options.olderLabelShare ?? 0.06 };
  const perDay = eventsPerDay(rng, options.events, catalog.calendar);
  for (let day = 0; day < perDay.length; day++) {
    yield* generateDay({ rng, catalog, model, shares }, day, perDay[day]);
  }
}
