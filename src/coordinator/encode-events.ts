// The enrich stage driver: streams the source's chunks through the encode kernel with a
// bounded number in flight, unifying each result into the run-wide dictionaries as it
// arrives. Rejects are reported in input order.

import type { EncodeConfig, EncodedChunk, RejectedLine } from "../enrich/encode-chunk.js";
import type { RecordIndexBuffers } from "../enrich/record-index.js";
import type { LabelVotes } from "../merge/label-votes.js";
import type { RunDictionaries } from "../merge/run-dictionaries.js";
import { unifyChunk } from "../merge/unify-chunk.js";
import { InvalidInputError } from "../model/errors.js";
import { releaseSharedBytes } from "../columnar/shared-byte-pool.js";
import type { EventSource, SourceChunk, SourceDayRange } from "../sources/event-source.js";
import type { EngineTransport } from "./engine-transport.js";

export interface EncodeEventsContext {
  source: EventSource;
  transport: EngineTransport;
  index: RecordIndexBuffers;
  config: EncodeConfig;
  chunkSize: number;
  range: SourceDayRange | null;
  run: RunDictionaries;
  votes: LabelVotes;
  onReject?: (reject: RejectedLine) => void;
  onChunk?: (eventsRead: number) => void;
}

export async function encodeEvents(ctx: EncodeEventsContext): Promise<EncodedChunk[]> {
  const results: EncodedChunk[] = [];
  const pending = new Set<Promise<void>>();
  let sequence = 0;
  let eventsRead = 0;
  // With --on-invalid fail: the earliest rejected line (by chunk) among the chunks read.
  let firstInvalid: { sequence: number; reject: RejectedLine } | undefined;
  let failure: unknown;

  const track = (raw: SourceChunk, promise: Promise<EncodedChunk>) => {
    const tracked = promise
      .then(
        (chunk) => {
          releaseSharedBytes(raw.bytes);
          unifyChunk(chunk, ctx.run, ctx.votes);
          results[chunk.sequence] = chunk;
          eventsRead += chunk.counts.readViews + chunk.counts.readDownloads;
          ctx.onChunk?.(eventsRead);
          if (ctx.config.stopAtFirstInvalid && chunk.rejects.length > 0 && !(firstInvalid !== undefined && firstInvalid.sequence < chunk.sequence)) {
            firstInvalid = { sequence: chunk.sequence, reject: chunk.rejects[0] };
          }
        },
        (error: unknown) => { failure ??= error; },
      )
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  for await (const chunk of ctx.source.chunks(ctx.chunkSize, ctx.range)) {
    while (pending.size >= ctx.transport.inFlight) await Promise.race(pending);
    if (failure !== undefined || firstInvalid !== undefined) break;
    track(chunk, ctx.transport.encode({ sequence: sequence++, ...chunk }, ctx.index, ctx.config));
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  if (firstInvalid !== undefined) {
    const { source, line, reason } = firstInvalid.reject;
    throw new InvalidInputError(source, line, reason);
  }
  const ordered = results.filter((chunk) => chunk !== undefined);
  for (const chunk of ordered) for (const reject of chunk.rejects) ctx.onReject?.(reject);
  return ordered;
}
