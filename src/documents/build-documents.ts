// Documents stage: item metrics from every partition -> the SPEC's documents, one per
// (community, day) of the range, zeros included, every subcount key of the facet table,
// items sorted by total events then id, labels from the votes.

import { EVENT_TYPE } from "../columnar/encoded-chunk.js";
import type { ItemMetrics } from "../model/group-types.js";
import { formatDay } from "../model/day.js";
import type { DownloadMetrics, Label, SubcountItem, UsageDeltaDocument, ViewMetrics } from "../model/document.js";
import { parseFacetIdText } from "../model/facet-text.js";
import { FACETS } from "../model/facets.js";
import { zeroDownload, zeroView } from "./zero-metrics.js";

export interface DocumentPlan {
  /** Output communities in output order (sorted, `global` among them). */
  communities: readonly string[];
  startDay: number;
  dayCount: number;
  /** Run-wide facet id texts, by facet code. */
  facetIds: readonly string[];
  /** Winning label (canonical JSON) per facet id text. */
  labels: ReadonlyMap<string, string>;
  timestamp: string;
}

export function buildDocuments(partitions: readonly ItemMetrics[], plan: DocumentPlan): UsageDeltaDocument[] {
  const documents: UsageDeltaDocument[] = [];
  // Each facet value's key, id and label, worked out once for all documents (labels
  // are shared objects: documents are only ever serialized).
  const values = new Map<number, FacetValue>();
  const valueOf = (facet: number) => {
    let value = values.get(facet);
    if (value === undefined) values.set(facet, (value = describeFacet(plan.facetIds[facet], plan.labels)));
    return value;
  };
  const itemsByDocument: Map<number, SubcountItem>[] = [];
  for (const community of plan.communities) {
    for (let d = 0; d < plan.dayCount; d++) {
      const day = formatDay(plan.startDay + d);
      const subcounts: Record<string, SubcountItem[]> = {};
      for (const facet of FACETS) subcounts[facet.key] = [];
      documents.push({
        community_id: community,
        period_start: `${day}T00:00:00`,
        period_end: `${day}T23:59:59`,
        timestamp: plan.timestamp,
        totals: { view: zeroView(), download: zeroDownload() },
        subcounts,
      });
      itemsByDocument.push(new Map());
    }
  }
  for (const items of partitions) {
    for (let j = 0; j < items.length; j++) {
      const at = items.community[j] * plan.dayCount + items.day[j];
      const document = documents[at];
      const facet = items.facet[j];
      let target: { view: ViewMetrics; download: DownloadMetrics } = document.totals;
      if (facet >= 0) {
        let item = itemsByDocument[at].get(facet);
        if (item === undefined) {
          const value = valueOf(facet);
          item = { id: value.id, label: value.label, view: zeroView(), download: zeroDownload() };
          itemsByDocument[at].set(facet, item);
          document.subcounts[value.key].push(item);
        }
        target = item;
      }
      const metrics = items.type[j] === EVENT_TYPE.view ? target.view : target.download;
      metrics.total_events = items.events[j];
      metrics.unique_visitors = items.visitors[j];
      metrics.unique_records = items.records[j];
      metrics.unique_parents = items.parents[j];
      if (items.type[j] === EVENT_TYPE.download) {
        const download = metrics as DownloadMetrics;
        download.unique_files = items.files[j];
        download.total_volume = items.bigVolume.get(j) ?? items.volume[j];
      }
    }
  }
  for (const document of documents) {
    for (const facet of FACETS) document.subcounts[facet.key].sort(byEventsThenId);
  }
  return documents;
}

interface FacetValue {
  key: string;
  id: string;
  label: Label;
}

function describeFacet(facetIdText: string, labels: ReadonlyMap<string, string>): FacetValue {
  const { keyIndex, id } = parseFacetIdText(facetIdText);
  const winner = labels.get(facetIdText);
  let label: Label;
  switch (FACETS[keyIndex].label.kind) {
    // SPEC 4: an id with no label anywhere is labelled {"en": "<id>"}, as the dashboard writes it.
    case "title":
      label = winner === undefined ? { en: id } : (JSON.parse(winner) as Record<string, string>);
      break;
    case "name":
      label = winner === undefined ? id : (JSON.parse(winner) as string);
      break;
    case "id":
      label = id;
      break;
  }
  return { key: FACETS[keyIndex].key, id, label };
}

function byEventsThenId(a: SubcountItem, b: SubcountItem): number {
  const difference = b.view.total_events + b.download.total_events - (a.view.total_events + a.download.total_events);
  if (difference !== 0) return difference;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
