// One `_bulk` request through the client, answered as a status and a body instead of an
// exception, so that the bulk writer alone decides what to retry, split or report.

import { errors, type Client } from "@opensearch-project/opensearch";
import type { UsageDeltaError } from "../model/errors.js";
import { isUnreachable, responseError, toOpenSearchError } from "./opensearch-errors.js";
import { NO_CLIENT_RETRY } from "./retry-request.js";
import { searchTarget } from "./search-target.js";

export interface BulkHttpResponse {
  /** HTTP status; 0 when no answer came back (connection refused, reset, timeout). */
  statusCode: number;
  body: unknown;
  /** For a failed request: the error to throw if the writer gives up on it. */
  error?: UsageDeltaError;
}

/** Sends an NDJSON bulk body (every line ends with "\n"). */
export type BulkSend = (ndjson: string) => Promise<BulkHttpResponse>;

export function clientBulkSend(client: Client): BulkSend {
  const target = searchTarget(client);
  return async (ndjson) => {
    try {
      // The writer retries with backoff itself; the client would retry at once.
      const response = await client.transport.request({ method: "POST", path: "/_bulk", bulkBody: ndjson }, NO_CLIENT_RETRY);
      return { statusCode: response.statusCode ?? 200, body: response.body as unknown };
    } catch (error) {
      if (error instanceof errors.ResponseError) {
        return { statusCode: error.statusCode, body: error.body as unknown, error: responseError(error.statusCode, error.body, target) };
      }
      if (isUnreachable(error)) return { statusCode: 0, body: (error as Error).message, error: toOpenSearchError(error, target) };
      throw error;
    }
  };
}
