// Turns what the OpenSearch client throws (or what a raw response says) into the
// project's error: code OPENSEARCH, exit 69 (EXIT.unavailable), one line that says what
// went wrong where, never a stack trace:
//   cannot reach OpenSearch at <url>: connection refused
//   OpenSearch at <url> refused the credentials
//   index not found: <name> (at <url>)

import { errors } from "@opensearch-project/opensearch";
import { EXIT, UsageDeltaError } from "../model/errors.js";
import { displayUrl } from "./client.js";

export type OpenSearchFailure = "unreachable" | "credentials" | "index-not-found" | "refused";

/** Where a request went: the server and, when one is concerned, the index or alias. */
export interface OpenSearchTarget {
  url: string;
  index?: string;
}

export class OpenSearchError extends UsageDeltaError {
  constructor(
    readonly failure: OpenSearchFailure,
    message: string,
    /** The index OpenSearch named (or the one asked for). */
    readonly index?: string,
    /** OpenSearch's error type (`too_many_buckets_exception`, ...), when it answered. */
    readonly errorType?: string,
    /** HTTP status of the answer; 0 when none came back (what retry-policy.ts decides on). */
    readonly status?: number,
  ) {
    super("OPENSEARCH", message, EXIT.unavailable);
  }
}

export function isIndexNotFound(error: unknown): boolean {
  return error instanceof OpenSearchError && error.failure === "index-not-found";
}

/** A search through a point in time that has expired or was closed (or whose node restarted). */
export function isPitMissing(error: unknown): boolean {
  return error instanceof OpenSearchError && error.errorType === PIT_MISSING;
}

export const PIT_MISSING = "search_context_missing_exception";

/** No answer came back: refused, reset, timed out, no living node. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof errors.ConnectionError || error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError;
}

/** Any error of a client call -> UsageDeltaError (our own errors pass through). */
export function toOpenSearchError(error: unknown, target: OpenSearchTarget): UsageDeltaError {
  if (error instanceof UsageDeltaError) return error;
  if (isUnreachable(error)) return unreachable(error as Error, target);
  if (error instanceof errors.ResponseError) return responseError(error.statusCode, error.body, target);
  const message = error instanceof Error ? error.message : String(error);
  return new OpenSearchError("refused", `OpenSearch request to ${displayUrl(target.url)} failed: ${oneLine(message)}`, target.index);
}

/** Runs one client call; any failure becomes an OpenSearchError naming the server (and index). */
export async function callOpenSearch<T>(target: OpenSearchTarget, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOpenSearchError(error, target);
  }
}

/** An answer with an error status (a raw response, or the body of a ResponseError). */
export function responseError(statusCode: number, body: unknown, target: OpenSearchTarget): OpenSearchError {
  const url = displayUrl(target.url);
  const error = errorObject(body);
  if (statusCode === 401) {
    return new OpenSearchError("credentials", `OpenSearch at ${url} refused the credentials`, target.index, error.type, statusCode);
  }
  if (statusCode === 403) {
    return new OpenSearchError("credentials", forbiddenMessage(url, target.index, error.reason), target.index, error.type, statusCode);
  }
  if (error.type === "index_not_found_exception" || (statusCode === 404 && error.index !== undefined)) {
    const index = error.index ?? target.index ?? "?";
    return new OpenSearchError("index-not-found", `index not found: ${index} (at ${url})`, index, error.type, statusCode);
  }
  const what = error.reason === undefined ? JSON.stringify(body ?? null).slice(0, 300) : `${error.type ?? "error"}: ${error.reason}`;
  const on = target.index === undefined ? "" : ` for ${target.index}`;
  return new OpenSearchError("refused", `OpenSearch at ${url} answered HTTP ${statusCode}${on}: ${oneLine(what)}`, target.index, error.type, statusCode);
}

/**
 * A 403 of the security plugin says `no permissions for [<action>] and User [name=<user>,
 * ...]` but not the index: the message names the index asked for and the missing privilege,
 * what an operator adds to the user's role. (An answer to HEAD has no body to read.)
 */
function forbiddenMessage(url: string, index: string | undefined, reason: string | undefined): string {
  const on = index === undefined ? "" : ` on ${index}`;
  const action = reason === undefined ? undefined : /no permissions for \[([^\]]+)\]/.exec(reason)?.[1];
  const user = reason === undefined ? undefined : /User \[name=([^,\]]+)/.exec(reason)?.[1];
  if (action !== undefined) {
    return `OpenSearch at ${url}: ${user === undefined ? "the user" : `user ${user}`} lacks the privilege ${action}${on} (403)`;
  }
  const why = reason === undefined ? "" : `: ${oneLine(reason)}`;
  return `OpenSearch at ${url} denied access${on} (403${why})`;
}

function unreachable(error: Error, target: OpenSearchTarget): OpenSearchError {
  return cutShort(target, unreachableReason(error));
}

/** No answer, or an answer that broke off: worth another try. */
export function cutShort(target: OpenSearchTarget, reason: string): OpenSearchError {
  return new OpenSearchError("unreachable", `cannot reach OpenSearch at ${displayUrl(target.url)}: ${reason}`, target.index, undefined, 0);
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found (DNS lookup failed)",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed",
};

const TLS_HINT = "(give the server's CA with --os-ca, or --os-insecure for a test cluster)";

function unreachableReason(error: Error): string {
  if (error instanceof errors.TimeoutError) return "no answer in time (request timed out)";
  const message = error.message ?? "";
  for (const [code, reason] of Object.entries(NETWORK_REASONS)) if (message.includes(code)) return reason;
  if (/wrong version number/i.test(message)) return "no TLS there (is it http:// rather than https://?)";
  if (/certificate|self[- ]signed|CERT_/i.test(message)) return `TLS: ${oneLine(message)} ${TLS_HINT}`;
  if (/SSL|TLS|EPROTO/i.test(message)) return `TLS handshake failed: ${oneLine(message)}`;
  return oneLine(message) || error.name;
}

interface ErrorObject {
  type?: string;
  reason?: string;
  index?: string;
}

/** `error` of an OpenSearch error body; the root cause says more than a phase failure. */
function errorObject(body: unknown): ErrorObject {
  const error = isRecord(body) ? body.error : undefined;
  if (typeof error === "string") return { reason: error };
  if (!isRecord(error)) return {};
  const causes = Array.isArray(error.root_cause) ? error.root_cause : [];
  const cause = isRecord(causes[0]) ? causes[0] : error;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    type: text(error.type) === "index_not_found_exception" ? "index_not_found_exception" : (text(cause.type) ?? text(error.type)),
    reason: text(cause.reason) ?? text(error.reason),
    index: text(error.index) ?? text(cause.index) ?? text(cause["resource.id"]),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
