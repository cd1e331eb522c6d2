// The human-readable run summary printed on stderr at the end of a run.

import type { RunSummary } from "../model/run-summary.js";
import { unknownRecordShare } from "./unknown-records-warning.js";
import { formatCount } from "../model/format-count.js";

/** `computed`: documents the run made (the summary's `documents` are those written); `note`: what became of the output, when not everything. */
export function formatSummary(s: RunSummary, outPath: string, delivery?: { computed: number; note?: string }): string {
  const computed = delivery !== undefined && delivery.computed !== s.documents ? ` of ${formatCount(delivery.computed)}` : "";
  const c = s.counts;
  const lines = [
    "usage-delta summary",
    `  backend             ${s.backend} (${s.threads} thread${s.threads === 1 ? "" : "s"}, chunks of ${formatCount(s.chunkSize)} lines${s.windows > 1 ? `, ${s.windows} day windows` : ""})`,
    `  events read         ${formatCount(c.readViews + c.readDownloads)} (views ${formatCount(c.readViews)}, downloads ${formatCount(c.readDownloads)})`,
    `  rejected            ${formatCount(c.rejected)}${s.metadataRejected > 0 ? ` (+${s.metadataRejected} record/membership lines)` : ""}${s.rejectsPath !== null && c.rejected + s.metadataRejected > 0 ? ` -> ${s.rejectsPath}` : ""}`,
    `  outside range       ${formatCount(c.outsideRange)}`,
    `  dropped: robots     ${formatCount(c.droppedRobot)}`,
    `  dropped: machines   ${formatCount(c.droppedMachine)}`,
    `  dropped: API        ${formatCount(c.droppedApi)}`,
    `  counted             ${formatCount(c.counted)} (of unknown records: ${formatCount(c.unknownRecord)}${c.unknownRecord > 0 ? `, ${unknownRecordShare(s)}` : ""})`,
    `  records loaded      ${formatCount(s.records)}${s.metadataCache === null ? "" : ` (${formatCount(s.metadataCache.records.cached)} from the cache, ${formatCount(s.metadataCache.records.fetched)} fetched; membership ${formatCount(s.metadataCache.membership.cached)} cached, ${formatCount(s.metadataCache.membership.fetched)} fetched)`}`,
    `  range               ${s.range === null ? "none (no valid events)" : `${s.range.start} .. ${s.range.end}`}`,
    `  documents written   ${formatCount(s.documents)}${computed} (${s.communities} communities incl. global) -> ${outPath === "-" ? "stdout" : outPath}`,
    `  wall time           ${(s.timingsMs.total / 1000).toFixed(2)} s (metadata ${s.timingsMs.metadata} ms, events ${s.timingsMs.encode} ms, group ${s.timingsMs.group} ms, documents ${s.timingsMs.documents} ms)`,
    `  peak memory (RSS)   ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  ];
  if (delivery?.note !== undefined) lines.push(`  output              ${delivery.note}`);
  if (s.incomplete !== null) {
    lines.push(
      `  NOT DONE            ${s.incomplete.reason === "timeout" ? "timed out" : "interrupted"}: ${s.incomplete.notDone === null ? "no day was completed" : `days ${s.incomplete.notDone.start} .. ${s.incomplete.notDone.end} were not written (run again to finish)`}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
