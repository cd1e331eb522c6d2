// The run-wide dictionaries: one per dictionary-encoded column that has one, seeded with
// the record index's strings so that codes the workers took from the index stay valid.
// Visitors and files have none: only ever counted, they are coded by the group task that
// counts them (columnar/id-codes.ts).

import { RunDictionary } from "../columnar/dictionaries.js";
import type { RecordIndexStrings } from "./record-index-types.js";

export interface RunDictionaries {
  record: RunDictionary;
  parent: RunDictionary;
  community: RunDictionary;
  facetId: RunDictionary;
  labelPair: RunDictionary;
}

export function createRunDictionaries(index: RecordIndexStrings): RunDictionaries {
  return {
    record: new RunDictionary(index.recordIds),
    parent: new RunDictionary(index.parents),
    community: new RunDictionary(index.communities),
    facetId: new RunDictionary(index.facetIds),
    labelPair: new RunDictionary(index.labelPairs),
  };
}
