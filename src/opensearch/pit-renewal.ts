// A point in time that survives its expiry. When a search finds it gone (the keep-alive
// passed while the process was stopped or stalled, or a node restarted), one new point in
// time is opened on the same alias for every unit of the scan, and each unit resumes
// after the last hit it had. The resume point is a `_doc` value: a doc id within one
// shard copy's segments. It means the same documents in the new point in time only when
// that shard copy has the very same segments (names, documents, deletions, in order) as
// when the scan began: that is checked (`_cat/pit_segments`, recorded when the scan
// opened) before a unit resumes; a shard that changed (merged, deleted, another copy)
// stops the run with a one-line error rather than losing or double-counting a hit.

import type { Client } from "@opensearch-project/opensearch";
import { displayUrl } from "./client.js";
import { OpenSearchError, PIT_MISSING } from "./opensearch-errors.js";
import { closePointInTime, openPointInTime, type PointInTime } from "./point-in-time.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import type { ShardUnit } from "./shard-units.js";

export interface LivePointInTime {
  current(): PointInTime;
  /** After a search through `expired` found it missing: the point in time to go on with. */
  renew(expired: PointInTime, unit: ShardUnit): Promise<PointInTime>;
  close(): Promise<void>;
}

/** Reopenings per scan; a point in time that keeps vanishing is a cluster problem. */
const MAX_RENEWALS = 5;

type Segments = Map<string, string>;

export async function livePointInTime(client: Client, url: string, first: PointInTime): Promise<LivePointInTime> {
  const original = await pitSegments(client, url, first);
  let pit = first;
  let segments: Promise<Segments | undefined> = Promise.resolve(original);
  let renewing: Promise<void> | undefined;
  let renewals = 0;
  const fail = (why: string) =>
    new OpenSearchError(
      "refused",
      `the point in time on ${first.index} expired during the read (at ${displayUrl(url)}) and ${why}: run again`,
      first.index,
      PIT_MISSING,
    );
  return {
    current: () => pit,
    async renew(expired, unit) {
      if (pit.id === expired.id) {
        renewing ??= (async () => {
          if (++renewals > MAX_RENEWALS) throw fail(`expired ${MAX_RENEWALS} times`);
          const next = await openPointInTime(client, { url, index: first.index }, first.keepAlive);
          await closePointInTime(client, expired.id);
          pit = next;
          segments = pitSegments(client, url, next);
        })().finally(() => {
          renewing = undefined;
        });
      }
      await renewing;
      const key = shardKey(unit.index, unit.slice?.id ?? 0);
      const now = (await segments)?.get(key);
      if (original === undefined || now === undefined) throw fail(`whether ${unit.index} changed since cannot be checked`);
      if (now !== original.get(key))
        throw fail(`shard ${unit.slice?.id ?? 0} of ${unit.index} changed since (merged, deleted or moved), so the read cannot resume exactly`);
      return pit;
    },
    close: () => closePointInTime(client, pit.id),
  };
}

interface SegmentRow {
  index?: string;
  shard?: string;
  ip?: string;
  segment?: string;
  "docs.count"?: string;
  "docs.deleted"?: string;
}

/** Per shard of the point in time: its copy's segments as one comparable text; undefined where the cluster does not say. */
async function pitSegments(client: Client, url: string, pit: PointInTime): Promise<Segments | undefined> {
  let rows: SegmentRow[];
  try {
    const response = await retryOpenSearch({ url, index: pit.index }, () =>
      client.transport.request({ method: "GET", path: "/_cat/pit_segments", querystring: { format: "json" }, body: { pit_id: [pit.id] } }, NO_CLIENT_RETRY),
    );
    rows = response.body as SegmentRow[];
  } catch {
    return undefined; // an older cluster, or a user without the right: a resume then refuses
  }
  if (!Array.isArray(rows)) return undefined;
  const segments: Segments = new Map();
  for (const row of rows) {
    const key = shardKey(row.index ?? "", Number(row.shard));
    const entry = `${row.ip}:${row.segment}:${row["docs.count"]}:${row["docs.deleted"]}`;
    segments.set(key, segments.has(key) ? `${segments.get(key)},${entry}` : entry);
  }
  return segments;
}

function shardKey(index: string, shard: number): string {
  return `${index}/${shard}`;
}
