// The OpenSearch client of every OpenSearch stage (the event source, the sink, the
// generator's loader): one place for the URL, credentials, TLS and timeouts.
//
//   const client = createOpenSearchClient({ url: "https://search:9200", user: "u", password: "p" });
//
// Credentials also come from OPENSEARCH_USER / OPENSEARCH_PASSWORD (the flags win), so
// that a password need not appear on a command line.

import { readFileSync } from "node:fs";
import { Client, type ClientOptions } from "@opensearch-project/opensearch";
import { displayUrl } from "../model/display-url.js";
import { EXIT, UsageDeltaError, UsageError } from "../model/errors.js";

export interface OpenSearchConnection {
  /** `http(s)://host:port`, optionally with a path prefix. */
  url: string;
  user?: string;
  password?: string;
  /** PEM file of the CA that signed the server's certificate. */
  caFile?: string;
  /** Accept any server certificate (self-signed test clusters). */
  insecure?: boolean;
}

export const OPENSEARCH_TIMEOUTS = {
  /** A search page of 10,000 events or a 10 MB bulk request takes seconds, not minutes. */
  requestMs: 120_000,
  pingMs: 3_000,
  /**
   * Retries of the client itself (no answer, 502-504), at once: only for the requests
   * that do not retry on their own with backoff (retry-policy.ts: bulk writes, the
   * source's reads, the sink's set-up, the first request that checks the URL).
   */
  maxRetries: 2,
} as const;

export function createOpenSearchClient(connection: OpenSearchConnection, env: NodeJS.ProcessEnv = process.env): Client {
  const url = parseUrl(connection.url);
  const user = connection.user ?? env.OPENSEARCH_USER;
  const password = connection.password ?? env.OPENSEARCH_PASSWORD;
  const options: ClientOptions = {
    node: url.href,
    requestTimeout: OPENSEARCH_TIMEOUTS.requestMs,
    pingTimeout: OPENSEARCH_TIMEOUTS.pingMs,
    maxRetries: OPENSEARCH_TIMEOUTS.maxRetries,
    // Pages are read as raw bytes and handed to the workers as they are: gzip would cost
    // the coordinator a decompression per page (and the server a compression) on a
    // connection that is usually local or in the same data centre.
    suggestCompression: false,
    compression: undefined,
  };
  if (user !== undefined && user !== "") options.auth = { username: user, password: password ?? "" };
  if (connection.caFile !== undefined || connection.insecure === true) {
    options.ssl = { rejectUnauthorized: connection.insecure !== true };
    if (connection.caFile !== undefined) options.ssl.ca = readCa(connection.caFile);
  }
  return new Client(options);
}

// The URL without credentials, for messages and logs (one helper for every URL shown).
export { displayUrl } from "../model/display-url.js";

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`not an OpenSearch URL (http://host:port or https://host:port): ${displayUrl(text)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`not an OpenSearch URL (http or https): ${displayUrl(text)}`);
  return url;
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new UsageDeltaError("INPUT_MISSING", `cannot read the CA certificate file ${path} (${code})`, EXIT.invalidInput);
  }
}
