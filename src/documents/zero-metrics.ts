// Zero metrics: the starting point of every document and item (days without events
// still get a document, SPEC section 3).

import type { DownloadMetrics, ViewMetrics } from "../model/document.js";

export function zeroView(): ViewMetrics {
  return { total_events: 0, unique_visitors: 0, unique_records: 0, unique_parents: 0 };
}

export function zeroDownload(): DownloadMetrics {
  return { total_events: 0, unique_visitors: 0, unique_records: 0, unique_parents: 0, unique_files: 0, total_volume: 0 };
}
