// Reference implementation, step 3 (aggregate): the exact metrics of a set of events, kept
// as plain Sets of ids so that distinct counts are always exact.

import type { DownloadMetrics, ViewMetrics } from "../../src/model/document.js";
import type { FacetValue } from "./event-facets.js";
import type { EventType } from "./reference-types.js";

/** An event that passed validation, range and filters, enriched. */
export interface CountedEvent {
  type: EventType;
  day: string;
  recid: string;
  parent: string | undefined;
  visitor: string | undefined;
  fileId: string | undefined;
  sizeBytes: number;
  /** The requested communities it counts in, `global` included. */
  communities: string[];
  /** Facet values per subcount key (the facet table's order), deduplicated by id. */
  facets: FacetValue[][];
}

export interface MetricSets {
  events: number;
  visitors: Set<string>;
  records: Set<string>;
  parents: Set<string>;
  files: Set<string>;
  volumeBytes: bigint;
}

export function emptyMetricSets(): MetricSets {
  return { events: 0, visitors: new Set(), records: new Set(), parents: new Set(), files: new Set(), volumeBytes: 0n };
}

export function addEventToSets(sets: MetricSets, event: CountedEvent): void {
  // SPEC: total_events counts every event.
  sets.events += 1;
  // README: a missing visitor / parent / file adds nothing to its distinct count (COUNT(DISTINCT) ignores nulls).
  if (event.visitor !== undefined) sets.visitors.add(event.visitor);
  sets.records.add(event.recid);
  if (event.parent !== undefined) sets.parents.add(event.parent);
  if (event.fileId !== undefined) sets.files.add(event.fileId);
  // SPEC: total_volume = sum of size in bytes (views carry 0); README: exact at any size.
  sets.volumeBytes += BigInt(event.sizeBytes);
}

export function viewMetrics(sets: MetricSets): ViewMetrics {
  return {
    total_events: sets.events,
    unique_visitors: sets.visitors.size,
    unique_records: sets.records.size,
    unique_parents: sets.parents.size,
  };
}

export function downloadMetrics(sets: MetricSets): DownloadMetrics {
  return { ...viewMetrics(sets), unique_files: sets.files.size, total_volume: exactVolume(sets.volumeBytes) };
}

/** README: a volume is a number while exact (at most 2^53 - 1), a bigint beyond. */
function exactVolume(volume: bigint): number | bigint {
  return volume <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(volume) : volume;
}
