// Loads the enriched events into the temporary index: the encoded chunks (run-wide
// codes; visitors and files chunk-local) decoded back to strings with the run's and the
// chunk's dictionaries, one document per event,
// with the bulk writer. MISSING codes become absent fields.

import type { Client } from "@opensearch-project/opensearch";
import { EVENT_TYPE, localIndex, MISSING } from "../columnar/encoded-chunk.js";
import { pushEventFacetIds } from "../model/event-facet-ids.js";
import { Int32ColumnBuilder } from "../columnar/shared-arrays.js";
import { stringAt } from "../columnar/shared-strings.js";
import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";
import { formatDay } from "../model/day.js";
import { UsageDeltaError } from "../model/errors.js";
import { parseFacetIdText } from "../model/facet-text.js";
import { FACETS } from "../model/facets.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import { clientBulkSend } from "../opensearch/bulk-send.js";
import { writeBulk, type BulkOperation, type BulkWriterOptions } from "../opensearch/bulk-writer.js";
import type { GroupPlan } from "../model/group-types.js";
import type { EnrichedEventDocument } from "./enriched-event-mapping.js";

export interface IndexedEvents {
  events: number;
  requests: number;
  retries: number;
}

export async function indexEnrichedEvents(
  client: Client,
  index: string,
  chunks: readonly EncodedChunkBuffers[],
  run: RunDictionaries,
  plan: GroupPlan,
  bulk: BulkWriterOptions = {},
): Promise<IndexedEvents> {
  const report = await writeBulk(clientBulkSend(client), eventOperations(index, chunks, run, plan), bulk);
  if (report.failed > 0) {
    // A lost event would make every count of its day wrong: no partial answers.
    const first = report.failures[0];
    throw new UsageDeltaError("OPENSEARCH", `${report.failed} enriched events were not indexed into ${index} (first: HTTP ${first.status} ${first.reason})`);
  }
  return { events: report.succeeded, requests: report.requests, retries: report.retries };
}

function* eventOperations(index: string, chunks: readonly EncodedChunkBuffers[], run: RunDictionaries, plan: GroupPlan): Generator<BulkOperation> {
  const facets = run.facetId.strings.map(parseFacetIdText);
  const days = new Map<number, string>();
  const dayText = (day: number) => days.get(day) ?? days.set(day, formatDay(day)).get(day)!;
  const endDay = plan.startDay + plan.dayCount;
  const eventFacets = new Int32ColumnBuilder(256);
  const text = (strings: readonly string[], code: number) => (code === MISSING ? undefined : strings[code]);
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      if (c.day[i] < plan.startDay || c.day[i] >= endDay) continue;
      const community = [GLOBAL_COMMUNITY];
      for (let j = c.communityOffsets[i]; j < c.communityOffsets[i + 1]; j++) {
        const output = plan.communityOutput[c.communities[j]];
        if (output >= 0 && output !== plan.globalOutput && !community.includes(plan.communities[output])) community.push(plan.communities[output]);
      }
      const document: EnrichedEventDocument = {
        community,
        day: dayText(c.day[i]),
        type: c.type[i] === EVENT_TYPE.view ? "view" : "download",
        visitor: c.visitor[i] === MISSING ? undefined : stringAt(c.visitorIds, localIndex(c.visitor[i])),
        record: text(run.record.strings, c.record[i]),
        parent: text(run.parent.strings, c.parent[i]),
        file: c.file[i] === MISSING ? undefined : stringAt(c.fileIds, localIndex(c.file[i])),
        size: c.size[i],
      };
      eventFacets.reset();
      pushEventFacetIds(c, i, plan.recordFacets, eventFacets);
      for (const facet of eventFacets.filled()) {
        const { keyIndex, id } = facets[facet];
        const field = FACETS[keyIndex].key;
        ((document[field] ??= []) as string[]).push(id);
      }
      // require_alias: a request in flight when the index is deleted must not create it again.
      yield { index, source: JSON.stringify(document), requireAlias: true };
    }
  }
}
