// The options of the OpenSearch event source: one interface (all optional but the
// client and URL), one defaults object, resolved once with the index prefix applied.
// The default names are InvenioRDM's (invenio-stats, invenio-rdm-records,
// invenio-stats-dashboard); `indexPrefix` is the instance's SEARCH_INDEX_PREFIX.

import { availableParallelism } from "node:os";
import type { Client } from "@opensearch-project/opensearch";
import { UsageError } from "../model/errors.js";
import type { SourceDayRange } from "./event-source.js";

export interface OpenSearchSourceOptions {
  client: Client;
  /** The server's URL, for messages (credentials are not shown). */
  url: string;
  indexPrefix?: string;
  viewAlias?: string;
  downloadAlias?: string;
  /** Record documents (an index or alias). */
  recordsIndex?: string;
  /** Community membership events (an alias or index); absent: no timeline. */
  membershipIndex?: string;
  /** Shard units read side by side; default: one per CPU (use the engine's threads). */
  slices?: number;
  /**
   * Ask only for the fields the engine reads (default true). False sends whole events:
   * more bytes, but much less work for the server (it skips parsing and rewriting
   * each document), faster where the events hold little else, as invenio-stats' do.
   */
  filterSource?: boolean;
  /**
   * Days to read (a `range` query on `timestamp`); the same range as the engine's.
   * Also decides which records are loaded: only those the events of the range name.
   */
  range?: SourceDayRange | null;
}

export const OPENSEARCH_SOURCE_DEFAULTS = {
  indexPrefix: "",
  viewAlias: "events-stats-record-view",
  downloadAlias: "events-stats-file-download",
  recordsIndex: "rdmrecords-records",
  membershipIndex: "stats-community-events",
} as const;

export interface ResolvedSourceOptions {
  client: Client;
  url: string;
  /** Prefixed names. */
  viewAlias: string;
  downloadAlias: string;
  recordsIndex: string;
  membershipIndex: string;
  slices: number;
  filterSource: boolean;
  range: SourceDayRange | null;
}

export function resolveSourceOptions(options: OpenSearchSourceOptions): ResolvedSourceOptions {
  const slices = options.slices ?? availableParallelism();
  if (!Number.isSafeInteger(slices) || slices < 1) throw new UsageError(`OpenSearch source: slices must be a whole number of at least 1, not ${slices}`);
  const o = { ...OPENSEARCH_SOURCE_DEFAULTS, ...definedOnly(options) };
  const name = (base: string) => `${o.indexPrefix}${base}`;
  return {
    client: options.client,
    url: options.url,
    viewAlias: name(o.viewAlias),
    downloadAlias: name(o.downloadAlias),
    recordsIndex: name(o.recordsIndex),
    membershipIndex: name(o.membershipIndex),
    slices,
    filterSource: options.filterSource ?? true,
    range: options.range ?? null,
  };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
