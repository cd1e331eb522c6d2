// Who reads what: Zipf-like popularity of records (latest versions favoured) and of
// visitors (a few make many events, most make one), a small robot population, and the
// per-visitor country. Built once per dataset; the day loop only samples from it.

import { COUNTRIES, REFERRERS } from "./audience.js";
import { HOUR_WEIGHTS } from "./calendar.js";
import type { Catalog } from "./catalog.js";
import type { ShapeParameters } from "./data-shapes.js";
import { mix32, type Random } from "./random.js";
import { samplerOf, WeightedSampler, zipfWeights } from "./weighted-sampler.js";

export interface TrafficModel {
  /** Over `catalog.records`: views. */
  records: WeightedSampler;
  /** Over `catalog.records`, zero for records without files: downloads. */
  downloads: WeightedSampler;
  humans: WeightedSampler;
  robots: WeightedSampler;
  hours: WeightedSampler;
  referrers: WeightedSampler;
  countries: WeightedSampler;
  /** Mixed into visitor hashes so that two seeds never share visitor ids. */
  salt: number;
}

/** Robot visitor keys start here, far above any human visitor rank. */
export const ROBOT_KEY_BASE = 1 << 30;

export function createTrafficModel(rng: Random, catalog: Catalog, events: number, shape: ShapeParameters): TrafficModel {
  const count = catalog.records.length;
  const rankOf = rng.shuffled(Array.from({ length: count }, (_, i) => i));
  const popularity = zipfWeights(count, shape.recordExponent, shape.recordOffset);
  const views = new Float64Array(count);
  const downloads = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const record = catalog.records[i];
    const latest = record.doc.versions.is_latest;
    views[i] = popularity[rankOf[i]] * (latest ? 1 : 0.35);
    downloads[i] = record.files.length > 0 ? views[i] : 0;
  }
  return {
    records: new WeightedSampler(views),
    downloads: new WeightedSampler(downloads),
    humans: new WeightedSampler(zipfWeights(shape.humans(events), shape.humanExponent, shape.humanOffset)),
    robots: new WeightedSampler(zipfWeights(5 + Math.round(events / 100_000), 1, 1)),
    hours: new WeightedSampler(HOUR_WEIGHTS),
    referrers: samplerOf(REFERRERS),
    countries: samplerOf(COUNTRIES),
    salt: rng.uint32(),
  };
}

/** A visitor's country: fixed per visitor (geolocation of a stable address). */
export function countryOf(model: TrafficModel, visitorKey: number): string | null {
  return COUNTRIES[model.countries.sampleAt(mix32(visitorKey ^ model.salt) / 4294967296)].id;
}
