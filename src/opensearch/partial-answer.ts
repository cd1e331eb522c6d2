// A search answered only in part (a shard failed, or the search timed out on the server)
// is an error, never a page: its events would be missing. Which of these are worth
// another try (retry-request.ts): a shard that was busy, short of memory for the moment,
// or on a node that went away (another copy answers next time), and a timeout; a point in
// time gone on some shards is renewed instead (pit-renewal.ts); anything else (a query a
// shard cannot run) is final.

import { displayUrl } from "./client.js";
import { OpenSearchError, type OpenSearchTarget } from "./opensearch-errors.js";
import { incompletePage, type SearchHeader } from "./search-response-bytes.js";

const TRANSIENT_SHARD_FAILURES = new Set([
  "rejected_execution_exception",
  "es_rejected_execution_exception",
  "circuit_breaking_exception",
  "node_disconnected_exception",
  "node_not_connected_exception",
  "node_closed_exception",
  "no_shard_available_action_exception",
  "connect_transport_exception",
  "receive_timeout_transport_exception",
]);

/** The error for an incomplete answer (status 503 when worth another try), or undefined when it is whole. */
export function partialAnswerError(header: SearchHeader, target: OpenSearchTarget): OpenSearchError | undefined {
  const why = incompletePage(header);
  if (why === undefined) return undefined;
  const failures = header._shards?.failures ?? [];
  const types = failures.map((failure) => failure.reason?.type ?? "");
  const transient = header.timed_out === true || (types.length > 0 && types.every((type) => TRANSIENT_SHARD_FAILURES.has(type)));
  const message = `OpenSearch at ${displayUrl(target.url)} answered a search on ${target.index ?? "?"} only in part: ${why}`;
  // The first failure's type tells an expired point in time (on some shards only) from the rest.
  return new OpenSearchError("refused", message, target.index, types[0], transient ? 503 : 200);
}
