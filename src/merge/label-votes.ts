// Label votes (SPEC section 4): every counted event votes once per facet id for the label
// it carries. The label of an id is the one with the most votes, ties broken by the
// smallest canonical JSON text.

import { parseLabelPairText } from "../model/facet-text.js";
import type { RunDictionary } from "../columnar/dictionaries.js";
import { grownArray } from "../columnar/shared-arrays.js";

export class LabelVotes {
  private counts = new Float64Array(1024);

  add(labelPair: number, votes: number): void {
    if (labelPair >= this.counts.length) this.counts = grownArray(this.counts, Math.max(labelPair + 1, this.counts.length * 2));
    this.counts[labelPair] += votes;
  }

  /** The winning label (canonical JSON text) of each facet id text that got votes. */
  winners(labelPairs: RunDictionary): Map<string, string> {
    const best = new Map<string, { labelJson: string; votes: number }>();
    for (let code = 0; code < Math.min(this.counts.length, labelPairs.size); code++) {
      const votes = this.counts[code];
      if (votes === 0) continue;
      const { facetId, labelJson } = parseLabelPairText(labelPairs.strings[code]);
      const current = best.get(facetId);
      if (current === undefined || votes > current.votes || (votes === current.votes && labelJson < current.labelJson)) {
        best.set(facetId, { labelJson, votes });
      }
    }
    const winners = new Map<string, string>();
    for (const [facetId, { labelJson }] of best) winners.set(facetId, labelJson);
    return winners;
  }
}
