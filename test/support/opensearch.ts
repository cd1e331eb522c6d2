/**
 * Helpers for tests that need the OpenSearch server of the global setup
 * (test/setup/opensearch.global-setup.ts).
 *
 *   describeWithOpenSearch('reads events', () => { ... });   // skipped when there is no server
 *   const client = makeTestClient();
 */
import { Client } from "@opensearch-project/opensearch";
import { describe, inject } from "vitest";

/** Base URL of the test OpenSearch server, or undefined when OpenSearch tests are skipped. */
export function opensearchUrl(): string | undefined {
  const url = inject("opensearchUrl");
  return url ? url : undefined;
}

/** `describe` that is skipped when no OpenSearch server is available. */
export const describeWithOpenSearch = describe.skipIf(!opensearchUrl());

/** Placeholder node used when there is no server, so that a `describeWithOpenSearch` body
 * (which vitest still runs to collect the skipped tests) can create its client. Any request
 * sent to it fails with an error naming this host. */
const NO_SERVER = "http://no-opensearch-server-for-tests.invalid:9200";

/** A client for the test server (safe to call in a `describeWithOpenSearch` body). */
export function makeTestClient(): Client {
  return new Client({ node: opensearchUrl() ?? NO_SERVER, requestTimeout: 30_000 });
}

/** A fresh index name, unique across test files, runs and concurrent runs on one server. */
export function uniqueIndexName(prefix = "test"): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${process.pid}-${Date.now()}-${rand}`.toLowerCase();
}

/** The secured test server (TLS + basic authentication), or undefined when its tests are skipped. */
export function securedOpenSearch(): { url: string; caFile: string; user: string; password: string } | undefined {
  const node = inject("securedOpenSearch");
  return node.url ? node : undefined;
}

/** `describe` that is skipped when no secured OpenSearch server is available. */
export const describeWithSecuredOpenSearch = describe.skipIf(!securedOpenSearch());
