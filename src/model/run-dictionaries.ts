// The run-wide dictionaries: one per dictionary-encoded column, seeded with the record
// index's strings so that codes the workers took from the index stay valid. Visitors and
// files, only ever counted, are keyed by their UTF-8 bytes (ByteDictionary).

import { ByteDictionary } from "../columnar/byte-dictionary.js";
import { RunDictionary } from "../columnar/dictionaries.js";
import type { RecordIndexStrings } from "./record-index-types.js";

export interface RunDictionaries {
  visitor: ByteDictionary;
  record: RunDictionary;
  parent: RunDictionary;
  file: ByteDictionary;
  community: RunDictionary;
  facetId: RunDictionary;
  labelPair: RunDictionary;
}

export function createRunDictionaries(index: RecordIndexStrings): RunDictionaries {
  return {
    visitor: new ByteDictionary(),
    record: new RunDictionary(index.recordIds),
    parent: new RunDictionary(index.parents),
    file: new ByteDictionary(),
    community: new RunDictionary(index.communities),
    facetId: new RunDictionary(index.facetIds),
    labelPair: new RunDictionary(index.labelPairs),
  };
}
