// Loads the source's record metadata into the record index: raw record chunks are
// extracted on the transport (workers) a few at a time and added in input order, so
// "the later record wins" holds whatever thread finishes first.

import { releaseSharedBytes } from "../columnar/shared-byte-pool.js";
import type { RecordIndexBuilder } from "../records/build-record-index.js";
import type { OnReject } from "../model/chunk-types.js";
import type { ExtractedRecordChunk } from "../records/extract-record-chunk.js";
import type { EventSource, MetadataReceiver } from "../sources/event-source.js";
import type { EngineTransport } from "./engine-transport.js";

/** What the metadata goes into: the record index builder, or the metadata cache in front of it. */
export type MetadataTarget = Pick<RecordIndexBuilder, "addRecords" | "addMembership">;

export async function loadMetadata(
  source: EventSource,
  builder: MetadataTarget,
  transport: EngineTransport,
  onReject: OnReject,
  /** How to ask the source (default: everything; the metadata cache asks for what changed). */
  load: (receiver: MetadataReceiver, onReject: OnReject) => Promise<void> = (receiver, reject) => source.loadMetadata(receiver, reject),
): Promise<void> {
  const inFlight: Promise<ExtractedRecordChunk>[] = [];
  let sequence = 0;
  const addOldest = async () => {
    const chunk = await inFlight.shift()!;
    builder.addRecords(chunk.records);
    for (const reject of chunk.rejects) onReject(reject);
  };
  const receiver: MetadataReceiver = {
    addMembership: (value, line, reject) => builder.addMembership(value, line, reject),
    async addRecordChunk(chunk) {
      if (inFlight.length >= transport.inFlight) await addOldest();
      const pending = transport.extractRecords({ sequence: sequence++, ...chunk });
      void pending.then(
        () => releaseSharedBytes(chunk.bytes),
        () => {},
      );
      pending.catch(() => {}); // awaited in order by addOldest; avoid an unhandled rejection meanwhile
      inFlight.push(pending);
    },
  };
  await load(receiver, onReject);
  while (inFlight.length > 0) await addOldest();
}
