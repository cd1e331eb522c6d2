// Events whose record the records source does not hold count in `global` and their own
// `community_ids` only, without facets: the documents are then less than they could be.
// A run says so in one line (stderr and the run report's warnings), with the share of
// counted events affected, rather than only a count in the summary.

import type { RunSummary } from "../model/run-summary.js";
import { formatCount } from "../model/format-count.js";

export function unknownRecordsWarning(summary: RunSummary): string | undefined {
  const { unknownRecord, counted } = summary.counts;
  if (unknownRecord === 0 || counted === 0) return undefined;
  return `${formatCount(unknownRecord)} of ${formatCount(counted)} counted events (${unknownRecordShare(summary)}) name records the records source does not hold: they count in global and their own community_ids only, without facets`;
}

/** The share of counted events whose record is unknown, as a percentage text ("12.5%"; "<0.1%" rather than "0.0%"). */
export function unknownRecordShare(summary: RunSummary): string {
  const { unknownRecord, counted } = summary.counts;
  const percent = (100 * unknownRecord) / counted;
  return percent > 0 && percent < 0.1 ? "<0.1%" : `${percent.toFixed(1)}%`;
}
