// Event lines for the NDJSON files: each generated event as JSON text, except an exact
// share of them replaced by malformed lines. The replaced positions come from their own
// random stream, so the valid lines are the same as without invalid ones.

import type { Catalog } from "./catalog.js";
import type { GeneratedEvent } from "./event-document.js";
import { eventLine } from "./event-line.js";
import { generateEvents, type EventOptions } from "./events.js";
import { corruptEvent, type InvalidKind } from "./invalid-lines.js";
import { Random } from "./random.js";

export interface EventLineOptions extends EventOptions {
  /** Share of lines that are malformed, in [0, 1]; round(events * invalidRate) lines. */
  invalidRate: number;
}

export interface EventLine {
  line: string;
  /** Null for a valid line. */
  invalid: InvalidKind | null;
  event: GeneratedEvent;
}

export function* generateEventLines(catalog: Catalog, options: EventLineOptions): Generator<EventLine> {
  const rng = Random.derive(catalog.seed, "invalid-lines");
  let remaining = options.events;
  let toCorrupt = Math.round(options.events * options.invalidRate);
  for (const event of generateEvents(catalog, options)) {
    // Selection sampling (Knuth's algorithm S): exactly `toCorrupt` of `remaining`, uniformly.
    if (toCorrupt > 0 && rng.next() * remaining < toCorrupt) {
      toCorrupt--;
      const bad = corruptEvent(rng, event);
      yield { line: bad.line, invalid: bad.kind, event };
    } else {
      yield { line: eventLine(event), invalid: null, event };
    }
    remaining--;
  }
}
