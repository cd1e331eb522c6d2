// The human-readable run summary printed on stderr at the end of a run.

import type { RunSummary } from "../model/run-summary.js";
import { unknownRecordShare } from "./unknown-records-warning.js";

/** `computed`: documents the run made (the summary's `documents` are those written); `note`: what became of the output, when not everything. */
export function formatSummary(s: RunSummary, outPath: string, delivery?: { computed: number; note?: string }): string {
  const computed = delivery !== undefined && delivery.computed !== s.documents ? ` of ${delivery.computed.toLocaleString("en")}` : "";
  const c = s.counts;
  const lines = [
    "usage-delta summary",
    `  backend             ${s.backend} (${s.threads} thread${s.threads === 1 ? "" : "s"}, chunks of ${s.chunkSize.toLocaleString("en")} lines${s.windows > 1 ? `, ${s.windows} day windows` : ""})`,
    `  events read         ${(c.readViews + c.readDownloads).toLocaleString("en")} (views ${c.readViews.toLocaleString("en")}, downloads ${c.readDownloads.toLocaleString("en")})`,
    `  rejected            ${c.rejected.toLocaleString("en")}${s.metadataRejected > 0 ? ` (+${s.metadataRejected} record/membership lines)` : ""}${s.rejectsPath !== null && c.rejected + s.metadataRejected > 0 ? ` -> ${s.rejectsPath}` : ""}`,
    `  outside range       ${c.outsideRange.toLocaleString("en")}`,
    `  dropped: robots     ${c.droppedRobot.toLocaleString("en")}`,
    `  dropped: machines   ${c.droppedMachine.toLocaleString("en")}`,
    `  dropped: API        ${c.droppedApi.toLocaleString("en")}`,
    `  counted             ${c.counted.toLocaleString("en")} (of unknown records: ${c.unknownRecord.toLocaleString("en")}${c.unknownRecord > 0 ? `, ${unknownRecordShare(s)}` : ""})`,
    `  records loaded      ${s.records.toLocaleString("en")}${s.metadataCache === null ? "" : ` (${s.metadataCache.records.cached.toLocaleString("en")} from the cache, ${s.metadataCache.records.fetched.toLocaleString("en")} fetched; membership ${s.metadataCache.membership.cached.toLocaleString("en")} cached, ${s.metadataCache.membership.fetched.toLocaleString("en")} fetched)`}`,
    `  range               ${s.range === null ? "none (no valid events)" : `${s.range.start} .. ${s.range.end}`}`,
    `  documents written   ${s.documents.toLocaleString("en")}${computed} (${s.communities} communities incl. global) -> ${outPath === "-" ? "stdout" : outPath}`,
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
