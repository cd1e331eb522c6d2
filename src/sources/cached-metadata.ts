// What a source sees of the metadata cache (`--metadata-cache`) when it can fetch only
// what changed since the cached copy (OpenSearch): when the copy was made, which records
// it holds, and how to use or drop them. The coordinator keeps the cache
// (src/coordinator/load-metadata-cached.ts); membership events the source fetches replace
// cached ones with the same id (file line or document id).

export interface CachedMetadata {
  /** When the cached copy was fetched (ms since the epoch, this machine's clock). */
  fetchedAtMs: number;
  hasRecord(id: string): boolean;
  /** The record did not change: its cached copy stands for this run. */
  useRecord(id: string): void;
  /** The record changed since the copy: the cached copy goes (fetched again where the run needs it). */
  dropRecord(id: string): void;
  /** Membership events held now: the copy's, with the ones fetched since merged in. */
  membershipCount(): number;
  /** The copy's membership cannot be brought up to date: forget it (then load it all). */
  clearMembership(): void;
  /** A line for the log and --explain. */
  note(text: string): void;
}
