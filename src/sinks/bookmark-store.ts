// Where incremental runs keep their bookmarks: per community, the last complete day whose
// documents were written. A file next to the NDJSON output, or an index compatible with
// invenio-stats-dashboard's `stats-bookmarks-community` for the OpenSearch sink.

/** Community id -> last complete day written (`YYYY-MM-DD`). */
export type Bookmarks = ReadonlyMap<string, string>;

export interface BookmarkStore {
  /** Where the bookmarks live, for messages and the summary. */
  readonly location: string;
  read(): Promise<Bookmarks>;
  /** Stores these bookmarks; the others stay as they are, unless `replace` (then only these remain). */
  write(moved: Bookmarks, replace?: boolean): Promise<void>;
}

/**
 * The dashboard's bookmark documents are per aggregation (`{agg_name}_{community_id}`);
 * ours name the usage-delta aggregation, so they sit beside the dashboard's own.
 */
export const BOOKMARK_AGGREGATION = "community-usage-delta-agg";
