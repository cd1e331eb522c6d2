// The shapes of data `generate` can make: the traffic parameters that differ between
// them. `default` is the bench's original data (many records, long tail, 30 days) and
// must stay byte-identical for a seed; `repetitive` is a small repository with busy
// records: a few hundred records over ten days, Zipf-popular records and visitors, so
// that each record sees hundreds of events a day and the same bytes recur constantly.

export const DATA_SHAPES = ["default", "repetitive"] as const;
export type DataShape = (typeof DATA_SHAPES)[number];

export interface ShapeParameters {
  /** Days when --days is not given. */
  days: number;
  /** Records when --records is not given, from the number of events. */
  records(events: number): number;
  /** Zipf exponent and offset of record popularity. */
  recordExponent: number;
  recordOffset: number;
  /** Human visitor population, from the number of events, and its Zipf exponent and offset. */
  humans(events: number): number;
  humanExponent: number;
  humanOffset: number;
  /** Share of events enriched at ingestion (community_ids and facets). */
  enrichedShare: number;
}

const MAX_DEFAULT_RECORDS = 100_000;

export const SHAPES: Readonly<Record<DataShape, ShapeParameters>> = {
  default: {
    days: 30,
    records: (events) => Math.min(MAX_DEFAULT_RECORDS, Math.max(50, Math.round(events / 20))),
    recordExponent: 0.9,
    recordOffset: 3,
    humans: (events) => Math.max(200, Math.round(events * 0.4)),
    humanExponent: 0.9,
    humanOffset: 5,
    enrichedShare: 0.4,
  },
  repetitive: {
    days: 10,
    records: () => 400,
    // Steeper than the default: the top records take most of the traffic.
    recordExponent: 1.1,
    recordOffset: 2,
    // A small, loyal audience: the same visitors come back to the same records.
    humans: (events) => Math.max(200, Math.round(events * 0.02)),
    humanExponent: 1,
    humanOffset: 3,
    // Few events carry the enrichment block: the lines stay short (~500 bytes, against ~750).
    enrichedShare: 0.1,
  },
};

export function isDataShape(text: string): text is DataShape {
  return (DATA_SHAPES as readonly string[]).includes(text);
}
