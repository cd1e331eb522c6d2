// A full read of an alias (or index): a point in time over it, cut into shard units
// (shard-units.ts) of the documents a query matches; the caller reads the units
// (unit-pages.ts), several at a time (interleave.ts), and closes the scan at the end or
// on error, which closes the point in time.

import type { Client } from "@opensearch-project/opensearch";
import { interleave } from "./interleave.js";
import { livePointInTime, type LivePointInTime } from "./pit-renewal.js";
import { closePointInTime, openPointInTime, PIT_KEEP_ALIVE, type PointInTime } from "./point-in-time.js";
import { listShardUnits, type ShardUnit } from "./shard-units.js";
import { readUnitPages, type PageRequest, type RawPage } from "./unit-pages.js";

export interface AliasScan {
  index: string;
  /** The point in time the scan opened with (counts and distinct values are asked in it). */
  pit: PointInTime;
  query: object;
  units: ShardUnit[];
  /** Documents matching the query, over all units (exact, counted in the point in time). */
  total: number;
  /** The pages of one unit. */
  read(unit: ShardUnit, request: PageRequest): AsyncGenerator<RawPage>;
  /** Every unit, `slots` at a time, in a fixed order. */
  pages(slots: number, request: PageRequest): AsyncGenerator<RawPage>;
  close(): Promise<void>;
}

export interface AliasScanOptions {
  index: string;
  query: object;
  keepAlive?: string;
}

/** Throws an `index-not-found` OpenSearchError when the alias does not exist. */
export async function openAliasScan(client: Client, url: string, options: AliasScanOptions): Promise<AliasScan> {
  const pit = await openPointInTime(client, { url, index: options.index }, options.keepAlive ?? PIT_KEEP_ALIVE);
  let units: ShardUnit[];
  let live: LivePointInTime;
  try {
    units = await listShardUnits(client, pit, options.query, url);
    live = await livePointInTime(client, url, pit);
  } catch (error) {
    await closePointInTime(client, pit.id);
    throw error;
  }
  let closed = false;
  const read = (unit: ShardUnit, request: PageRequest) => readUnitPages(client, url, live, unit, options.query, request);
  return {
    index: options.index,
    pit,
    query: options.query,
    units,
    total: units.reduce((sum, unit) => sum + unit.docs, 0),
    read,
    pages: (slots, request) => interleave(units, slots, (unit) => read(unit, request)),
    async close() {
      if (closed) return;
      closed = true;
      await live.close();
    },
  };
}
