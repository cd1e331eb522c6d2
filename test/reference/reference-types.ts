// Reference implementation: its public API types. The reference reads the same inputs as
// the engine (raw event lines, parsed records and membership events) and returns the
// SPEC's documents, the rejected lines and the run summary counts.

import type { UsageDeltaDocument } from "../../src/model/document.js";

export interface ReferenceInput {
  /** Raw lines of the views file (may contain invalid lines and blank lines). */
  views: string[];
  /** Raw lines of the downloads file. */
  downloads: string[];
  /** Parsed InvenioRDM record documents. */
  records: unknown[];
  /** Parsed membership events (`stats-community-events`). */
  membership: unknown[];
}

export interface ReferenceOptions {
  /** First UTC day `YYYY-MM-DD` (inclusive); default: the first day of any valid event. */
  start?: string;
  /** Last UTC day `YYYY-MM-DD` (inclusive); default: the last day of any valid event. */
  end?: string;
  /** Default: every community named in membership, records or valid events' `community_ids`. */
  communities?: string[];
  includeRobots?: boolean;
  excludeMachines?: boolean;
  excludeApi?: boolean;
  /** README: an event without `community_ids` counts in `global` only (the dashboard's aggregator's rule). */
  eventCommunitiesOnly?: boolean;
  /** When the run starts (default: now): events dated after the following day are out of range. */
  runStart?: Date;
}

export type InputFile = "views" | "downloads";

export interface ReferenceReject {
  file: InputFile;
  /** 1-based line number in its file. */
  line: number;
  reason: string;
}

export interface ReferenceCounts {
  /** Non-blank lines read from the views file / the downloads file (rejected ones included). */
  read: { view: number; download: number };
  rejected: number;
  outsideRange: number;
  droppedRobot: number;
  droppedMachine: number;
  droppedApi: number;
  /** Counted events (after range and filters) whose record is not in the records input. */
  unknownRecord: number;
  /** Events that passed validation, range and filters. */
  counted: number;
}

export interface ReferenceResult {
  /** `timestamp: ""` in every document; sorted by community_id then period_start. */
  documents: UsageDeltaDocument[];
  /** In file order: views first, then downloads. */
  rejects: ReferenceReject[];
  counts: ReferenceCounts;
}

export type EventType = "view" | "download";
