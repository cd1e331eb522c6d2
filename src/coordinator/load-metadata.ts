// Loads the source's record metadata into the record index: raw record and membership
// chunks are read on the transport (workers) a few at a time and added in input order, so
// "the later record wins" and the membership order hold whatever thread finishes first.

import { releaseSharedBytes } from "../columnar/shared-byte-pool.js";
import type { RecordIndexBuilder } from "../records/build-record-index.js";
import type { OnReject, RawChunk, RejectedLine } from "../model/chunk-types.js";
import { REJECT_REASONS } from "../model/reject-reasons.js";
import { readChunkRows } from "../parse/chunk-rows.js";
import { chunkBytes } from "../parse/file-range.js";
import { RangeLines } from "../sources/range-lines.js";
import type { EventSource, MetadataReceiver, SourceChunk } from "../sources/event-source.js";
import type { EngineTransport } from "./engine-transport.js";

/**
 * What the metadata goes into: the record index builder, or the metadata cache in front
 * of it. Without `addMembershipRows` (the cache keeps membership events as values), a
 * membership chunk is read here, event by event.
 */
export type MetadataTarget = Pick<RecordIndexBuilder, "addRecords" | "addMembership"> & Partial<Pick<RecordIndexBuilder, "addMembershipRows">>;

export async function loadMetadata(
  source: EventSource,
  builder: MetadataTarget,
  transport: EngineTransport,
  onReject: OnReject,
  /** How to ask the source (default: everything; the metadata cache asks for what changed). */
  load: (receiver: MetadataReceiver, onReject: OnReject) => Promise<void> = (receiver, reject) => source.loadMetadata(receiver, reject),
): Promise<void> {
  // Each chunk's result, applied to the builder in submission order.
  const inFlight: Promise<() => void>[] = [];
  // Byte ranges of plain files (read by the workers): their rejects' lines placed in order.
  const lines = new RangeLines();
  const placed = (chunk: SourceChunk, result: { lineCount: number; rejects: RejectedLine[] }) =>
    lines.place(chunk.file, chunk.firstLine, result.lineCount, result.rejects).rejects;
  let sequence = 0;
  const addOldest = async () => (await inFlight.shift()!)();
  const submit = async (chunk: SourceChunk, start: (raw: RawChunk) => Promise<() => void>) => {
    if (inFlight.length >= transport.inFlight) await addOldest();
    const pending = start({ sequence: sequence++, ...chunk });
    pending.catch(() => {}); // awaited in order by addOldest; avoid an unhandled rejection meanwhile
    inFlight.push(pending);
  };
  const addRows = builder.addMembershipRows?.bind(builder);
  const receiver: MetadataReceiver = {
    addMembership: (value, line, reject) => builder.addMembership(value, line, reject),
    addRecordChunk: (chunk) =>
      submit(chunk, async (raw) => {
        const extracted = await transport.extractRecords(raw).finally(() => release(chunk));
        return () => {
          builder.addRecords(extracted.records);
          for (const reject of placed(chunk, extracted)) onReject(reject);
        };
      }),
    async addMembershipChunk(chunk) {
      if (chunk.damage !== undefined) {
        const damage = chunk.damage;
        if (inFlight.length >= transport.inFlight) await addOldest();
        inFlight.push(Promise.resolve(() => onReject(damage)));
        return;
      }
      if (addRows === undefined) {
        // Read when its turn comes, then its bytes are given back.
        return submit(chunk, async (raw) => () => {
          const read = chunkBytes({ ...raw, firstLine: lines.firstLine(chunk.file, chunk.firstLine) });
          readMembershipValues(read, builder, onReject);
          lines.place(chunk.file, read.firstLine, read.lineCount, []);
          release(chunk);
        });
      }
      return submit(chunk, async (raw) => {
        const rows = await transport.extractMembership(raw).finally(() => release(chunk));
        return () => {
          addRows(rows);
          for (const reject of placed(chunk, rows)) onReject(reject);
        };
      });
    },
  };
  await load(receiver, onReject);
  while (inFlight.length > 0) await addOldest();
}

/** A chunk's pooled bytes back to the pool (a byte range has none). */
function release(chunk: SourceChunk): void {
  if (chunk.file === undefined) releaseSharedBytes(chunk.bytes);
}

/** A membership chunk read event by event into `addMembership` (what the metadata cache keeps). */
function readMembershipValues(raw: RawChunk, target: MetadataTarget, onReject: OnReject): void {
  readChunkRows(raw, {
    row(value, where, source) {
      target.addMembership(value, where, (line, reason) => onReject({ source, line, reason, raw: JSON.stringify(value) }));
      return false;
    },
    invalid(where, text) {
      onReject({ source: raw.source, line: where, reason: REJECT_REASONS.invalidJson, raw: text });
      return false;
    },
  });
}
