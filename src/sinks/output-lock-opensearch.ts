// The OpenSearch sink's lock: a document in `<prefix>usage-delta-locks`, one id per output
// (the usage-delta alias of the prefix: its indices and bookmarks), created with
// op_type=create so only one run gets it. It names its owner and an expiry that the
// holder renews while it runs; an expired lock (its run died, or lost the cluster), or
// one of a dead process on this host, is taken over with optimistic concurrency
// (if_seq_no/if_primary_term): of two runs taking it over at once, one wins.

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Client } from "@opensearch-project/opensearch";
import { NO_CLIENT_RETRY, retryOpenSearch } from "../opensearch/retry-request.js";
import { retryPolicy } from "../opensearch/retry-policy.js";
import { searchTarget } from "../opensearch/search-target.js";
import { usageDeltaAlias } from "../opensearch/usage-delta-names.js";
import { deadHere } from "./output-lock-file.js";
import type { HeldLock, LockHolder, LockSlot } from "./output-lock.js";

export const LOCK_INDEX_BASE = "usage-delta-locks";

/** How long a lock lasts unless renewed, and how often the holder renews it. */
export const LOCK_TTL_MS = 120_000;
const RENEW_MS = 30_000;

// `dynamic: false`: run records (run-record-opensearch.ts) keep their whole summary in
// _source without growing the mapping.
const LOCK_INDEX_BODY = {
  settings: { number_of_shards: 1, auto_expand_replicas: "0-1" },
  mappings: {
    dynamic: false,
    properties: {
      kind: { type: "keyword" },
      host: { type: "keyword" },
      pid: { type: "long" },
      since: { type: "date" },
      expires_at: { type: "date", format: "epoch_millis" },
    },
  },
} as const;

export interface LockDocument extends LockHolder {
  kind: "lock";
  /** Tells two runs of one pid apart (a pid reused, another container). */
  run: string;
  expires_at: number;
}

export function lockIndexName(prefix: string): string {
  return `${prefix}${LOCK_INDEX_BASE}`;
}

/** The lock document's id: the output it guards. */
export function lockDocumentId(prefix: string): string {
  return usageDeltaAlias(prefix);
}

export interface StoredDocument<T> {
  source: T;
  seqNo: number;
  primaryTerm: number;
}

export async function getLockIndexDocument<T>(client: Client, index: string, id: string): Promise<StoredDocument<T> | undefined> {
  const answer = await retryOpenSearch(searchTarget(client, index), () => client.get({ index, id }, { ...NO_CLIENT_RETRY, ignore: [404] }));
  const body = answer.body as { found?: boolean; _source?: T; _seq_no?: number; _primary_term?: number };
  if (body.found !== true || body._source === undefined) return undefined;
  return { source: body._source, seqNo: body._seq_no ?? 0, primaryTerm: body._primary_term ?? 0 };
}

export async function ensureLockIndex(client: Client, index: string): Promise<void> {
  const target = searchTarget(client, index);
  const exists = await retryOpenSearch(target, () => client.indices.exists({ index }, NO_CLIENT_RETRY));
  if (exists.body === true) return;
  const created = await retryOpenSearch(target, () => client.indices.create({ index, body: LOCK_INDEX_BODY }, { ...NO_CLIENT_RETRY, ignore: [400] }));
  const answer = created.body as { acknowledged?: boolean; error?: { type?: string } };
  if (answer.acknowledged !== true && answer.error?.type !== "resource_already_exists_exception") {
    await retryOpenSearch(target, () => client.indices.create({ index, body: LOCK_INDEX_BODY }, NO_CLIENT_RETRY)); // not a race: let it throw with the reason
  }
}

/** The lock document as it is now (status), undefined when there is none. */
export async function readLockDocument(client: Client, prefix: string): Promise<StoredDocument<LockDocument> | undefined> {
  const index = lockIndexName(prefix);
  const exists = await retryOpenSearch(searchTarget(client, index), () => client.indices.exists({ index }, NO_CLIENT_RETRY));
  return exists.body === true ? getLockIndexDocument<LockDocument>(client, index, lockDocumentId(prefix)) : undefined;
}

/** Whether the lock is free to take: expired, or its process is gone (this host only). */
export function lockExpired(lock: LockDocument, nowMs = Date.now()): boolean {
  return lock.expires_at < nowMs || deadHere(lock);
}

/** How long a lock lasts and how often it is renewed (tests shorten them). */
export interface LockTiming {
  ttlMs: number;
  renewMs: number;
}

export function openSearchLockSlot(
  client: Client,
  prefix: string,
  onLost?: (why: string) => void,
  timing: LockTiming = { ttlMs: LOCK_TTL_MS, renewMs: RENEW_MS },
): LockSlot {
  const index = lockIndexName(prefix);
  const id = lockDocumentId(prefix);
  const target = searchTarget(client, index);
  // Retried like every set-up request: a write whose answer was lost then meets itself
  // (409), so a conflict with our own run id and expiry is our write, not another run's.
  const write = async (body: LockDocument, guard?: { seqNo: number; primaryTerm: number }) => {
    const answer = await retryOpenSearch(target, () =>
      client.index(
        { index, id, body, ...(guard === undefined ? { op_type: "create" as const } : { if_seq_no: guard.seqNo, if_primary_term: guard.primaryTerm }) },
        { ...NO_CLIENT_RETRY, ignore: [409] },
      ),
    );
    const written = answer.body as { _seq_no?: number; _primary_term?: number };
    if (answer.statusCode !== 409) return { seqNo: written._seq_no ?? 0, primaryTerm: written._primary_term ?? 0 };
    const current = await getLockIndexDocument<LockDocument>(client, index, id);
    return current !== undefined && current.source.run === body.run && current.source.expires_at === body.expires_at ? current : undefined;
  };
  return {
    location: `OpenSearch ${index}/${id}`,
    async tryAcquire() {
      await ensureLockIndex(client, index);
      const me: LockDocument = {
        kind: "lock",
        host: hostname(),
        pid: process.pid,
        since: new Date().toISOString(),
        run: randomUUID(),
        expires_at: Date.now() + timing.ttlMs,
      };
      const created = await write(me);
      if (created !== undefined) return held(created);
      const current = await getLockIndexDocument<LockDocument>(client, index, id);
      if (current === undefined) return (await write(me).then((again) => (again === undefined ? undefined : held(again)))) ?? me;
      if (!lockExpired(current.source)) return current.source;
      const taken = await write(me, current);
      return taken === undefined ? ((await getLockIndexDocument<LockDocument>(client, index, id))?.source ?? current.source) : held(taken);

      function held(version: { seqNo: number; primaryTerm: number }): HeldLock {
        const lost = new AbortController();
        let released = false;
        let renewing = Promise.resolve();
        // Renewed well before it expires; a renewal refused means another run took it over.
        const timer = setInterval(() => {
          renewing = renewing.then(async () => {
            if (released) return;
            const renewed = await write({ ...me, expires_at: Date.now() + timing.ttlMs }, version).catch(() => null);
            if (renewed === null) return; // the cluster did not answer: try again at the next tick, the expiry has margin
            if (renewed === undefined) {
              clearInterval(timer);
              lost.abort("lock lost");
              onLost?.(`the lock ${index}/${id} was taken over by another run (it expired: this run could not renew it for ${timing.ttlMs / 1000} s)`);
              return;
            }
            version = renewed;
          });
        }, timing.renewMs);
        timer.unref();
        return {
          location: `OpenSearch ${index}/${id}`,
          lost: lost.signal,
          async release() {
            released = true;
            clearInterval(timer);
            await renewing;
            if (lost.signal.aborted) return;
            // Only our own version: a run that took it over keeps it.
            // Once retried at most: a cluster gone now must not hold up the end of the run (the lock expires).
            await retryOpenSearch(
              target,
              () => client.delete({ index, id, if_seq_no: version.seqNo, if_primary_term: version.primaryTerm }, { ...NO_CLIENT_RETRY, ignore: [404, 409] }),
              { ...retryPolicy(), maxRetries: 1 },
            );
          },
        };
      }
    },
  };
}
