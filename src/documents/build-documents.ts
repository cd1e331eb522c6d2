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
  const builder = new DocumentBuilder(plan);
  for (const metrics of partitions) builder.addRows(metrics);
  return builder.finish();
}

/**
 * The documents as the partitions' rows fill them. Each loop is a method of its own (see
 * group-partition.ts, EventKeyer: a loop compiled while it runs leaves its function cleanly).
 */
class DocumentBuilder {
  readonly documents: UsageDeltaDocument[] = [];
  // Each facet value's key index, id and label, worked out once for all documents (labels
  // are shared objects: documents are only ever serialized).
  private readonly values = new Map<number, FacetValue>();
  // Every subcount item, its facet code, and per document its items' numbers: by facet code, and by key index.
  private readonly items: SubcountItem[] = [];
  private readonly itemFacets: number[] = [];
  private readonly itemsByDocument: Map<number, number>[] = [];
  private readonly listsByDocument: number[][][] = [];

  constructor(private readonly plan: DocumentPlan) {
    for (const community of plan.communities) {
      for (let d = 0; d < plan.dayCount; d++) {
        const day = formatDay(plan.startDay + d);
        this.documents.push({
          community_id: community,
          period_start: `${day}T00:00:00`,
          period_end: `${day}T23:59:59`,
          timestamp: plan.timestamp,
          totals: { view: zeroView(), download: zeroDownload() },
          subcounts: {},
        });
        this.itemsByDocument.push(new Map());
        this.listsByDocument.push(FACETS.map(() => []));
      }
    }
  }

  /** One partition's rows: each the metrics of one type for a document's totals or one of its items. */
  addRows(metrics: ItemMetrics): void {
    const { documents, plan } = this;
    for (let j = 0; j < metrics.length; j++) {
      const at = metrics.community[j] * plan.dayCount + metrics.day[j];
      const facet = metrics.facet[j];
      const target: { view: ViewMetrics; download: DownloadMetrics } = facet < 0 ? documents[at].totals : this.item(at, facet);
      const view = metrics.type[j] === EVENT_TYPE.view;
      const counted = view ? target.view : target.download;
      counted.total_events = metrics.events[j];
      counted.unique_visitors = metrics.visitors[j];
      counted.unique_records = metrics.records[j];
      counted.unique_parents = metrics.parents[j];
      if (!view) {
        const download = counted as DownloadMetrics;
        download.unique_files = metrics.files[j];
        download.total_volume = metrics.bigVolume.get(j) ?? metrics.volume[j];
      }
    }
  }

  /**
   * The documents with their subcounts in the SPEC's order: by total events, most first,
   * then by id. Sorted by numbers (each item's events, its id's rank among the ids used:
   * one sort of the distinct ids), not by a comparator that compares strings of objects
   * (~230k calls at 100k events).
   */
  finish(): UsageDeltaDocument[] {
    const { items, itemFacets } = this;
    const events = new Float64Array(items.length);
    for (let i = 0; i < items.length; i++) events[i] = items[i].view.total_events + items[i].download.total_events;
    const rank = idRanks(this.values);
    const itemRank = new Int32Array(items.length);
    for (let i = 0; i < items.length; i++) itemRank[i] = rank.get(itemFacets[i])!;
    const byEventsThenId = (a: number, b: number) => events[b] - events[a] || itemRank[a] - itemRank[b];
    this.documents.forEach((document, at) => {
      FACETS.forEach((facet, k) => {
        document.subcounts[facet.key] = this.listsByDocument[at][k].sort(byEventsThenId).map((item) => items[item]);
      });
    });
    return this.documents;
  }

  /** Document `at`'s item of facet value `facet`, made when first met. */
  private item(at: number, facet: number): SubcountItem {
    let item = this.itemsByDocument[at].get(facet);
    if (item === undefined) {
      let value = this.values.get(facet);
      if (value === undefined) this.values.set(facet, (value = describeFacet(this.plan.facetIds[facet], this.plan.labels)));
      item = this.items.length;
      this.items.push({ id: value.id, label: value.label, view: zeroView(), download: zeroDownload() });
      this.itemFacets.push(facet);
      this.itemsByDocument[at].set(facet, item);
      this.listsByDocument[at][value.keyIndex].push(item);
    }
    return this.items[item];
  }
}

/** Each facet value's rank by id (string order; ids of different keys never meet in one list). */
function idRanks(values: ReadonlyMap<number, FacetValue>): Map<number, number> {
  const codes = [...values.keys()].sort((a, b) => {
    const x = values.get(a)!.id;
    const y = values.get(b)!.id;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return new Map(codes.map((code, i) => [code, i]));
}

interface FacetValue {
  keyIndex: number;
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
  return { keyIndex, id, label };
}
