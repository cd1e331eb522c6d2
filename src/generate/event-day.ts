// One UTC day of usage: visitor sessions (a visitor reads a few records, often staying on
// one, views and downloads mixed), robots in long fast sessions. The day is planned first
// (small per-event entries), then events are built in time order as they are consumed:
// built events die young instead of a whole day of them surviving into the old heap.
// Every day with two or more sessions has events at exactly 00:00:00 and 23:59:59.

import { REFERRERS, REPOSITORY_URL } from "./audience.js";
import type { Catalog } from "./catalog.js";
import { DAY_SECONDS } from "./calendar.js";
import { buildEvent, type EventShares, type GeneratedEvent, type Visit } from "./event-document.js";
import { hashHex } from "./ids.js";
import type { Random } from "./random.js";
import type { RecordEntry } from "./records.js";
import type { EventType } from "./shapes.js";
import { countryOf, ROBOT_KEY_BASE, type TrafficModel } from "./traffic-model.js";

export interface DayContext {
  rng: Random;
  catalog: Catalog;
  model: TrafficModel;
  shares: EventShares;
}

interface Planned {
  second: number;
  type: EventType;
  record: RecordEntry;
  visit: Visit;
  /** A referrer URL, or the record whose page the visitor came from. */
  referrer: string | RecordEntry | null;
}

const DOWNLOAD_SHARE = 1 / 3;
/** Robot sessions average 6 events against 2.6: 1.55% of sessions give ~3.5% of events. */
const ROBOT_SESSION_SHARE = 0.0155;
/** Net ~0.5% of events once sessions that stay on the record are counted. */
const UNKNOWN_RECORD_SHARE = 0.0035;
const STAY_ON_RECORD = 0.5;

function chooseRecord(ctx: DayContext, type: EventType, current: RecordEntry | null): RecordEntry {
  const { rng, catalog, model } = ctx;
  if (rng.chance(UNKNOWN_RECORD_SHARE)) return rng.pick(catalog.unknownRecords);
  if (current !== null && rng.chance(STAY_ON_RECORD) && (type === "view" || current.files.length > 0)) return current;
  const sampler = type === "download" ? model.downloads : model.records;
  // A repository of metadata-only records still has downloads: of records since deleted.
  return sampler.isEmpty ? rng.pick(catalog.unknownRecords) : catalog.records[sampler.sample(rng)];
}

function planSession(ctx: DayContext, day: number, first: number, length: number, visitorIds: Map<number, string>, out: Planned[]): void {
  const { rng, model } = ctx;
  const robot = rng.chance(ROBOT_SESSION_SHARE);
  const key = robot ? ROBOT_KEY_BASE + model.robots.sample(rng) : model.humans.sample(rng);
  // visitor_id is salted per day in invenio-stats: the same person has a new id each day.
  let visitorId = visitorIds.get(key);
  if (visitorId === undefined) visitorIds.set(key, (visitorId = hashHex(key, day, model.salt)));
  const viaApi = rng.chance(robot ? 0.1 : 0.03);
  const machine = rng.chance(robot ? 0.4 : viaApi ? 0.5 : 0.01);
  const events = Math.min(robot ? rng.geometric(6, 200) : rng.geometric(2.6, 40), length);
  let second = first >= 0 ? first : model.hours.sample(rng) * 3600 + rng.int(3600);
  let referrer: string | RecordEntry | null = robot || viaApi ? null : REFERRERS[model.referrers.sample(rng)].id;
  let record: RecordEntry | null = null;
  let visit: Visit | null = null;
  let visitHour = -1;
  for (let i = 0; i < events; i++) {
    const type = rng.chance(DOWNLOAD_SHARE) ? "download" : "view";
    record = chooseRecord(ctx, type, record);
    const hour = (second / 3600) | 0;
    // unique_session_id is the visitor-hour: a new one when the session crosses an hour.
    if (visit === null || hour !== visitHour) {
      const sessionId = hashHex(key, day * 24 + hour, model.salt ^ 0x5e55);
      visit = { visitorId, sessionId, country: countryOf(model, key), robot, machine, viaApi };
      visitHour = hour;
    }
    out.push({ second, type, record, visit, referrer });
    if (referrer !== null) referrer = record;
    const gap = robot ? rng.between(1, 5) : 5 + Math.floor(rng.logUniform(1, 600));
    second = Math.min(DAY_SECONDS - 1, second + gap);
  }
}

export function* generateDay(ctx: DayContext, day: number, count: number): Generator<GeneratedEvent> {
  const planned: Planned[] = [];
  const visitorIds = new Map<number, string>();
  for (let session = 0; planned.length < count; session++) {
    const first = session === 0 ? 0 : session === 1 ? DAY_SECONDS - 1 : -1;
    planSession(ctx, day, first, count - planned.length, visitorIds, planned);
  }
  // Stable: events of one second keep their session order.
  planned.sort((a, b) => a.second - b.second);
  for (const plan of planned) {
    const referrer = plan.referrer === null || typeof plan.referrer === "string" ? plan.referrer : `${REPOSITORY_URL}/records/${plan.referrer.recid}`;
    yield buildEvent(ctx.rng, ctx.catalog, ctx.shares, plan.visit, { type: plan.type, record: plan.record, day, second: plan.second, referrer });
  }
}
