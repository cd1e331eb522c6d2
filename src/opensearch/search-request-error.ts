// Turns a failed OpenSearch client call into the project's error (code OPENSEARCH):
// exit 69 when the cluster cannot be reached, exit 1 when it answered with an error.
// (Interim: to be folded into src/opensearch/opensearch-errors.ts once that lands.)

import { errors } from "@opensearch-project/opensearch";
import { EXIT, UsageDeltaError } from "../model/errors.js";

/** True for errors where no answer came back (refused, reset, timed out, no node). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof errors.ConnectionError || error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError;
}

export function toOpenSearchError(error: unknown, action: string): UsageDeltaError {
  if (error instanceof UsageDeltaError) return error;
  if (isUnreachable(error)) {
    return new UsageDeltaError("OPENSEARCH", `OpenSearch unreachable while trying to ${action}: ${(error as Error).message}`, EXIT.unavailable);
  }
  if (error instanceof errors.ResponseError) {
    return new UsageDeltaError("OPENSEARCH", `OpenSearch refused to ${action} (HTTP ${error.statusCode}): ${responseReason(error.body)}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UsageDeltaError("OPENSEARCH", `OpenSearch request failed while trying to ${action}: ${message}`);
}

/** Runs one client call; any failure becomes a UsageDeltaError naming what was tried. */
export async function callOpenSearch<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOpenSearchError(error, action);
  }
}

/** The `error.reason` of an OpenSearch error body (or the body as text). */
export function responseReason(body: unknown): string {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === "string") return error;
    if (typeof error === "object" && error !== null) {
      const { type, reason } = error as { type?: unknown; reason?: unknown };
      return `${String(type ?? "error")}: ${String(reason ?? "")}`;
    }
  }
  return typeof body === "string" ? body.slice(0, 500) : JSON.stringify(body ?? null).slice(0, 500);
}
