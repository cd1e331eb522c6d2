// The lifecycle of the `search` backend's temporary index: created with a unique name,
// deleted whatever happens (success, error, SIGINT/SIGTERM while it may exist). A run
// killed outright cannot delete it: the index records its owner (host, pid), and the
// next search-backend run of the same prefix on that host deletes it.
// Writes go through an alias with `require_alias`, so that a bulk request still in
// flight when the index is deleted cannot create it again (auto-create).

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { errors, type Client } from "@opensearch-project/opensearch";
import { UsageDeltaError } from "../model/errors.js";
import { processAlive } from "../model/process-alive.js";
import { RunInterrupted } from "../model/run-interruption.js";
import { callOpenSearch, isUnreachable } from "../opensearch/opensearch-errors.js";
import { searchTarget } from "../opensearch/search-target.js";

const DELETE_ATTEMPTS = 5;

export interface TemporaryIndex {
  /** The index: search it. */
  index: string;
  /** Its only alias: write to it, with `require_alias`. */
  writeAlias: string;
}

const NAME = "usage-delta-tmp-";

export function temporaryIndexName(prefix: string): string {
  return `${prefix}${NAME}${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** Who made a temporary index, in its mapping's `_meta`. */
interface IndexOwner {
  host: string;
  pid: number;
}

interface OwnedMappings {
  mappings?: { _meta?: { usage_delta_owner?: Partial<IndexOwner> } };
}

/**
 * Deletes the temporary indices of this prefix whose owner ran on this host and is gone
 * (a killed run's); returns their names. Other hosts' indices, and live runs', are kept.
 */
export async function removeStaleTemporaryIndices(client: Client, prefix: string): Promise<string[]> {
  const pattern = `${prefix}${NAME}*`;
  const { body } = await callOpenSearch(searchTarget(client, pattern), () =>
    client.indices.getMapping({ index: pattern, allow_no_indices: true, ignore_unavailable: true }),
  );
  const stale = Object.entries(body as Record<string, OwnedMappings>)
    .filter(([, { mappings }]) => {
      const owner = mappings?._meta?.usage_delta_owner;
      return owner?.host === hostname() && typeof owner.pid === "number" && owner.pid !== process.pid && !processAlive(owner.pid);
    })
    .map(([index]) => index);
  for (const index of stale) await deleteIndex(client, index);
  return stale;
}

/** Creates the index (and its write alias), runs `use` with them, deletes the index. */
export async function withTemporaryIndex<T>(client: Client, name: string, body: { mappings: object }, use: (target: TemporaryIndex) => Promise<T>): Promise<T> {
  const target: TemporaryIndex = { index: name, writeAlias: `${name}-write` };
  const owner: IndexOwner = { host: hostname(), pid: process.pid };
  let creation: Promise<unknown> = Promise.resolve();
  // After the create request has been answered, whatever the answer: else it could create the index after the delete.
  const remove = () => creation.then(noop, noop).then(() => deleteIndex(client, name));
  // Interrupted: delete, then let the signal do what it would have done without us (or,
  // when the CLI stops the run itself, report the interruption, not the failures the
  // vanished index causes).
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    // Decided now, not after the delete: by then the CLI may have finished and let go.
    const handledElsewhere = process.listenerCount(signal) > 1;
    stopListening();
    void remove()
      .catch(() => process.stderr.write(`usage-delta: could not delete the temporary index ${name}\n`))
      .finally(() => {
        if (!handledElsewhere) process.kill(process.pid, signal);
      });
  };
  const stopListening = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  // Listening before the create request: a signal during it must not leave the index.
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let result: T;
  try {
    creation = callOpenSearch(searchTarget(client, name), () =>
      client.indices.create({
        index: name,
        body: { ...body, mappings: { ...body.mappings, _meta: { usage_delta_owner: owner } }, aliases: { [target.writeAlias]: {} } },
      }),
    );
    await creation;
    result = await use(target);
  } catch (error) {
    stopListening();
    // The failure is the news; a failed delete is added to it, never hides it.
    const left = await remove().then(noop, (deleteError: unknown) => deleteError);
    if (interrupted) throw new RunInterrupted("interrupted");
    if (left !== undefined && error instanceof UsageDeltaError) {
      throw new UsageDeltaError(error.code, `${error.message} (and the temporary index ${name} may be left: ${(left as Error).message})`, error.exitCode);
    }
    throw error;
  }
  stopListening();
  await remove();
  return result;
}

/** Deletes the index, trying again while the cluster is busy or out of reach. */
async function deleteIndex(client: Client, index: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.indices.delete({ index }, { ignore: [404] });
      return;
    } catch (error) {
      const busy = isUnreachable(error) || (error instanceof errors.ResponseError && (error.statusCode === 429 || error.statusCode >= 500));
      if (!busy || attempt >= DELETE_ATTEMPTS) {
        return callOpenSearch(searchTarget(client, index), () => Promise.reject(error));
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

function noop(): undefined {
  return undefined;
}
