// Everything the events refer to, generated once before any event: communities, records
// (with versions), unknown records, the membership history and its day-by-day timeline.
// A later step can index these into OpenSearch directly, without the files.

import { generateCommunities } from "./communities.js";
import { Calendar } from "./calendar.js";
import { generateMembership } from "./membership.js";
import { MembershipTimeline } from "./membership-timeline.js";
import { generateRecords, generateUnknownRecords, type KnownRecord, type RecordEntry } from "./records.js";
import type { MembershipEvent } from "./shapes.js";

export interface CatalogOptions {
  seed: number;
  start: string;
  days: number;
  communities: number;
  records: number;
}

export interface Catalog {
  seed: number;
  calendar: Calendar;
  communityIds: string[];
  records: KnownRecord[];
  unknownRecords: RecordEntry[];
  membership: MembershipEvent[];
  timeline: MembershipTimeline;
}

export function generateCatalog(options: CatalogOptions): Catalog {
  const calendar = new Calendar(options.start, options.days);
  const communityIds = generateCommunities(options.seed, options.communities);
  const records = generateRecords({ seed: options.seed, count: options.records, communityIds, startMs: calendar.startMs });
  // About one record id in fifty that events name is gone from the record index.
  const unknownCount = Math.max(5, Math.round(options.records / 50));
  const unknownRecords = generateUnknownRecords(options.seed, unknownCount, records, communityIds);
  const membership = generateMembership({
    seed: options.seed,
    records,
    communityIds,
    startMs: calendar.startMs,
    days: options.days,
  });
  const timeline = new MembershipTimeline(membership, calendar.startMs, options.days);
  return { seed: options.seed, calendar, communityIds, records, unknownRecords, membership, timeline };
}
