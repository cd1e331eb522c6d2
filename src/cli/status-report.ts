// What `usage-delta status` reports about one output, and its human form: per community
// the bookmark and whether the documents are complete up to it (a document for every
// day from the first one to the bookmark), the last run, the lock.

import type { Bookmarks } from "../sinks/bookmark-store.js";
import { documentsFromDays, type CommunityDocuments } from "../sinks/community-documents.js";
import { formatHolder, type LockHolder } from "../sinks/output-lock.js";
import { formatCount } from "../model/format-count.js";

export interface CommunityStatus extends CommunityDocuments {
  community: string;
  bookmark: string | null;
  complete: boolean;
}

export interface StatusReport {
  output: string;
  bookmarks: string;
  lock: { location: string; holder: LockHolder | null; /** Dead or expired: the next run takes it over. */ stale: boolean };
  last_run: { started_at: unknown; finished_at: unknown; outcome: unknown; exit_code: unknown; documents: unknown; error: unknown } | null;
  communities: CommunityStatus[];
  /** Every community complete up to its bookmark. */
  complete: boolean;
}

/** Every community with a bookmark or a document, in id order. */
export function communityStatuses(bookmarks: Bookmarks, documents: ReadonlyMap<string, CommunityDocuments>): CommunityStatus[] {
  const ids = [...new Set([...bookmarks.keys(), ...documents.keys()])].sort();
  return ids.map((community) => {
    const bookmark = bookmarks.get(community) ?? null;
    const found = documents.get(community) ?? documentsFromDays([], bookmark);
    return { community, bookmark, ...found, complete: found.documents > 0 && found.missing_days === 0 };
  });
}

export function lastRunOf(record: Record<string, unknown> | undefined): StatusReport["last_run"] {
  if (record === undefined) return null;
  const summary = record.summary as { documents?: unknown } | null | undefined;
  return {
    started_at: record.started_at,
    finished_at: record.finished_at,
    outcome: record.outcome,
    exit_code: record.exit_code,
    documents: summary?.documents ?? null,
    error: record.error ?? null,
  };
}

export function formatStatus(r: StatusReport): string {
  const lines = [`usage-delta status: ${r.output}`];
  lines.push(
    `  lock                ${r.lock.holder === null ? "free" : `held by ${formatHolder(r.lock.holder)}${r.lock.stale ? " (gone: the next run takes it over)" : ""}`} (${r.lock.location})`,
  );
  const run = r.last_run;
  lines.push(
    `  last run            ${run === null ? "none recorded" : `${String(run.outcome)} (exit ${String(run.exit_code)}), ${String(run.started_at)} .. ${String(run.finished_at)}, ${typeof run.documents === "number" ? formatCount(run.documents) : "no"} documents${run.error === null ? "" : `: ${String(run.error)}`}`}`,
  );
  lines.push(`  bookmarks           ${r.bookmarks}`);
  lines.push(
    `  complete            ${r.communities.length === 0 ? "nothing written yet" : r.complete ? "yes, every community up to its bookmark" : "NO: see below"}`,
  );
  const width = Math.max(9, ...r.communities.map((c) => c.community.length));
  if (r.communities.length > 0) lines.push(`  ${"community".padEnd(width)}  bookmark    documents  first day   complete`);
  for (const c of r.communities) {
    const state = c.complete
      ? "yes"
      : c.documents === 0
        ? "no documents"
        : `${c.missing_days} day${c.missing_days === 1 ? "" : "s"} missing from ${c.first_missing_day ?? "?"}`;
    lines.push(
      `  ${c.community.padEnd(width)}  ${(c.bookmark ?? "none").padEnd(10)}  ${formatCount(c.documents).padStart(9)}  ${(c.first_day ?? "-").padEnd(10)}  ${state}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
