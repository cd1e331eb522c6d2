// The output contract (SPEC section 3): one usage-delta document per (community, UTC day).
// Types only; the documents/ stage builds them.

export interface ViewMetrics {
  total_events: number;
  unique_visitors: number;
  unique_records: number;
  unique_parents: number;
}

export interface DownloadMetrics extends ViewMetrics {
  unique_files: number;
  /** Bytes, exact: a bigint beyond 2^53 - 1 (written as its digits, see document-json.ts). */
  total_volume: number | bigint;
}

/** A localized title (`{lang: text}`) or a plain string, depending on the subcount key. */
export type Label = string | Record<string, string>;

export interface SubcountItem {
  id: string;
  label: Label;
  view: ViewMetrics;
  download: DownloadMetrics;
}

export interface UsageDeltaDocument {
  community_id: string;
  period_start: string;
  period_end: string;
  timestamp: string;
  totals: { view: ViewMetrics; download: DownloadMetrics };
  subcounts: Record<string, SubcountItem[]>;
}

/**
 * A document's id: `{community_id}-{YYYY-MM-DD}`, one per (community, day). The OpenSearch
 * sink indexes under it (a re-run overwrites), and every output, merge and bookmark keys
 * documents by it.
 */
export function documentId(document: Pick<UsageDeltaDocument, "community_id" | "period_start">): string {
  return `${document.community_id}-${document.period_start.slice(0, 10)}`;
}

/** The order of every output: by community id, then day (code-unit order, as `sort` gives). */
export function byCommunityThenDay(a: UsageDeltaDocument, b: UsageDeltaDocument): number {
  if (a.community_id !== b.community_id) return a.community_id < b.community_id ? -1 : 1;
  return a.period_start < b.period_start ? -1 : a.period_start > b.period_start ? 1 : 0;
}
