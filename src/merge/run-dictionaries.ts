// The run-wide dictionaries: one per dictionary-encoded column, seeded with the record
// index's strings so that codes the workers took from the index stay valid.

import { RunDictionary } from "../columnar/dictionaries.js";
import type { RecordIndexStrings } from "../enrich/build-record-index.js";

export interface RunDictionaries {
  visitor: RunDictionary;
  record: RunDictionary;
  parent: RunDictionary;
  file: RunDictionary;
  community: RunDictionary;
  facetId: RunDictionary;
  labelPair: RunDictionary;
}

export function createRunDictionaries(index: RecordIndexStrings): RunDictionaries {
  return {
    visitor: new RunDictionary(),
    record: new RunDictionary(index.recordIds),
    parent: new RunDictionary(index.parents),
    file: new RunDictionary(),
    community: new RunDictionary(index.communities),
    facetId: new RunDictionary(index.facetIds),
    labelPair: new RunDictionary(index.labelPairs),
  };
}
