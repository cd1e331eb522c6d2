// Community membership history (`stats-community-events`), consistent with the records'
// current `parent.communities.ids`: every current membership has an `added` event (most
// before the period, some inside it), and some works move during the period: removed
// and re-added, added then removed, added and removed on the same day.

import { Random } from "./random.js";
import type { RecordEntry } from "./records.js";
import type { MembershipEvent } from "./shapes.js";

export interface MembershipOptions {
  seed: number;
  records: readonly RecordEntry[];
  communityIds: readonly string[];
  startMs: number;
  days: number;
}

interface Change {
  communityId: string;
  type: "added" | "removed";
  ms: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A whole second in [fromMs, toMs). */
function instant(rng: Random, fromMs: number, toMs: number): number {
  return fromMs + Math.floor(rng.next() * ((toMs - fromMs) / 1000)) * 1000;
}

function currentHistory(rng: Random, communityId: string, startMs: number, endMs: number): Change[] {
  const r = rng.next();
  const before = instant(rng, startMs - 730 * DAY_MS, startMs);
  if (r < 0.7) return [{ communityId, type: "added", ms: before }];
  if (r < 0.92) return [{ communityId, type: "added", ms: instant(rng, startMs, endMs) }];
  const removed = instant(rng, startMs, endMs - HOUR_MS);
  const readded = instant(rng, removed + 1000, endMs);
  return [
    { communityId, type: "added", ms: before },
    { communityId, type: "removed", ms: removed },
    { communityId, type: "added", ms: readded },
  ];
}

function formerHistory(rng: Random, communityId: string, startMs: number, endMs: number, days: number): Change[] {
  const r = rng.next();
  let added: number;
  let removed: number;
  if (r < 0.6) {
    added = instant(rng, startMs - 200 * DAY_MS, endMs - HOUR_MS);
    removed = instant(rng, Math.max(added, startMs) + 1000, endMs);
  } else if (r < 0.8) {
    added = instant(rng, startMs - 730 * DAY_MS, startMs - 30 * DAY_MS);
    removed = instant(rng, added + 1000, startMs);
  } else {
    // Same UTC day: the day counts as "removed" (README: the last event of the day wins).
    const dayMs = startMs + rng.int(days) * DAY_MS;
    added = instant(rng, dayMs, dayMs + 11 * HOUR_MS);
    removed = instant(rng, dayMs + 12 * HOUR_MS, dayMs + DAY_MS);
  }
  return [
    { communityId, type: "added", ms: added },
    { communityId, type: "removed", ms: removed },
  ];
}

function workHistory(rng: Random, work: RecordEntry, options: MembershipOptions): Change[] {
  const endMs = options.startMs + options.days * DAY_MS;
  const changes = work.communityIds.flatMap((id) => currentHistory(rng, id, options.startMs, endMs));
  const others = options.communityIds.filter((id) => !work.communityIds.includes(id));
  if (others.length > 0 && rng.chance(0.1)) {
    changes.push(...formerHistory(rng, rng.pick(others), options.startMs, endMs, options.days));
  }
  return changes.sort((a, b) => a.ms - b.ms);
}

export function generateMembership(options: MembershipOptions): MembershipEvent[] {
  const rng = Random.derive(options.seed, "membership");
  const events: MembershipEvent[] = [];
  let changes: Change[] = [];
  for (let i = 0; i < options.records.length; i++) {
    const record = options.records[i];
    // Versions of one work are consecutive and move between communities together.
    if (i === 0 || record.parentId !== options.records[i - 1].parentId) changes = workHistory(rng, record, options);
    for (const change of changes) {
      events.push({
        record_id: record.recid,
        community_id: change.communityId,
        event_type: change.type,
        event_date: new Date(change.ms).toISOString().slice(0, 19),
        is_deleted: false,
        deleted_date: null,
      });
    }
  }
  return events;
}
