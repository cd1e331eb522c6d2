// Merge stage, per chunk (coordinator): the chunk's local dictionaries are interned into
// the run-wide ones and every chunk-local code in its columns is rewritten in place, so
// the group stage sees run-wide codes only. Cost: one map lookup per distinct string of
// the chunk, and a pass over a code column only when the chunk has strings the record
// index lacks (unknown records, parents, communities, facet values: few). Visitors and
// files, tens of thousands a chunk, are not merged here: the group task codes them
// (columnar/id-codes.ts), so the coordinator has no work per event.

import { localIndex, MISSING } from "../columnar/encoded-chunk.js";
import type { EncodedChunk } from "../model/chunk-types.js";
import type { LabelVotes } from "./label-votes.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";

export function unifyChunk(chunk: EncodedChunk, run: RunDictionaries, votes: LabelVotes): void {
  const { buffers: b, dictionaries: d } = chunk;
  rewrite(b.record, b.length, run.record.internAll(d.record));
  rewrite(b.parent, b.length, run.parent.internAll(d.parent));
  rewrite(b.communities, b.communities.length, run.community.internAll(d.community));
  rewrite(b.facets, b.facets.length, run.facetId.internAll(d.facetId));
  const labelRemap = run.labelPair.internAll(d.labelPair);
  for (let v = 0; v < chunk.voteCodes.length; v++) {
    const code = chunk.voteCodes[v];
    votes.add(code >= 0 ? code : labelRemap[localIndex(code)], chunk.voteCounts[v]);
  }
}

function rewrite(codes: Int32Array, length: number, remap: Int32Array): void {
  if (remap.length === 0) return;
  for (let i = 0; i < length; i++) {
    const code = codes[i];
    if (code < 0 && code !== MISSING) codes[i] = remap[localIndex(code)];
  }
}
