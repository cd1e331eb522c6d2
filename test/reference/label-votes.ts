// Reference implementation: label voting. Every counted event casts one vote per facet id it
// carries, for the label it carries; the label of an id is the one with the most votes.

import type { Label } from "../../src/model/document.js";
import { FACETS } from "../../src/model/facets.js";
import { canonicalJson } from "./canonical-json.js";
import { referenceFacet, type FacetValue } from "./event-facets.js";

interface LabelTally {
  label: Label;
  votes: number;
}

/** Per key index: id -> canonical label text -> tally. */
export type LabelVotes = Map<string, Map<string, LabelTally>>[];

export function emptyLabelVotes(): LabelVotes {
  return FACETS.map(() => new Map());
}

/** README: one vote per counted event per facet id (values already deduplicated); no label = no vote. */
export function castVotes(votes: LabelVotes, facets: FacetValue[][]): void {
  facets.forEach((values, keyIndex) => {
    // README: ids whose label is the id itself need no vote.
    if (referenceFacet(keyIndex).label.kind === "id") return;
    for (const value of values) {
      if (value.label === undefined) continue;
      const byLabel = votes[keyIndex].get(value.id) ?? new Map<string, LabelTally>();
      votes[keyIndex].set(value.id, byLabel);
      // Equal canonical JSON = the same label ({en, de} and {de, en} vote together).
      const text = canonicalJson(value.label);
      const tally = byLabel.get(text) ?? { label: value.label, votes: 0 };
      tally.votes += 1;
      byLabel.set(text, tally);
    }
  });
}

/** README: most votes; ties -> smallest canonical JSON (UTF-16); no vote -> SPEC 4: `{"en": id}` (title) or the id (name, id). */
export function resolveLabel(votes: LabelVotes, keyIndex: number, id: string): Label {
  const kind = referenceFacet(keyIndex).label.kind;
  if (kind === "id") return id;
  let best: { text: string; tally: LabelTally } | undefined;
  for (const [text, tally] of votes[keyIndex].get(id) ?? new Map<string, LabelTally>()) {
    const better = best === undefined || tally.votes > best.tally.votes || (tally.votes === best.tally.votes && text < best.text);
    if (better) best = { text, tally };
  }
  if (best !== undefined) return best.tally.label;
  return kind === "title" ? { en: id } : id;
}
