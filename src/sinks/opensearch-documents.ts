// OpenSearch sink: the documents into yearly indices `<prefix>stats-community-usage-delta-YYYY`
// (year of period_start) behind the dashboard's template and alias, one id per
// (community, day), so that running a range again overwrites what it wrote before.

import { documentJson } from "../model/document-json.js";
import type { Client } from "@opensearch-project/opensearch";
import { documentId, type UsageDeltaDocument } from "../model/document.js";
import { UsageDeltaError } from "../model/errors.js";
import { pauseForTest } from "../model/test-pause.js";
import { clientBulkSend, type BulkSend } from "../opensearch/bulk-send.js";
import { writeBulk, type BulkFailure, type BulkOperation, type BulkWriterOptions } from "../opensearch/bulk-writer.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "../opensearch/retry-request.js";
import { searchTarget } from "../opensearch/search-target.js";
import { usageDeltaAlias, usageDeltaIndexName } from "../opensearch/usage-delta-names.js";
import { ensureUsageDeltaTemplate, type TemplateInstall, type UsageDeltaTemplateOptions } from "../opensearch/usage-delta-template.js";

export interface OpenSearchSinkOptions {
  /** Index prefix of the instance, often "". */
  prefix?: string;
  /** Say what would be written; send nothing. */
  dryRun?: boolean;
  /** Settings of the template when the sink installs it (default: the reference's). */
  template?: Omit<UsageDeltaTemplateOptions, "prefix">;
  bulk?: BulkWriterOptions;
  /** Make the documents searchable before returning (default true). */
  refresh?: boolean;
}

export interface OpenSearchSinkReport {
  dryRun: boolean;
  alias: string;
  /** Target indices in year order, with their number of documents. */
  indices: { index: string; documents: number }[];
  /** The first few document ids, in write order. */
  firstIds: string[];
  documents: number;
  written: number;
  failed: number;
  /** Documents not sent because the run was interrupted (Ctrl-C): the last ones, in write order. */
  notSent: number;
  failures: BulkFailure[];
  /** null in a dry run. */
  template: TemplateInstall | null;
  requests: number;
  retries: number;
  splits: number;
}

const FIRST_IDS = 5;

/** `client` may be undefined in a dry run, which sends nothing. */
export async function writeDocumentsOpenSearch(
  client: Client | undefined,
  documents: readonly UsageDeltaDocument[],
  options: OpenSearchSinkOptions = {},
): Promise<OpenSearchSinkReport> {
  const prefix = options.prefix ?? "";
  const operations = documents.map((document): BulkOperation => ({
    index: usageDeltaIndexName(prefix, document.period_start.slice(0, 4)),
    id: documentId(document),
    source: documentJson(document),
  }));
  const perIndex = new Map<string, number>();
  for (const { index } of operations) perIndex.set(index, (perIndex.get(index) ?? 0) + 1);
  const report: OpenSearchSinkReport = {
    dryRun: options.dryRun === true,
    alias: usageDeltaAlias(prefix),
    indices: [...perIndex].sort(([a], [b]) => (a < b ? -1 : 1)).map(([index, count]) => ({ index, documents: count })),
    firstIds: operations.slice(0, FIRST_IDS).map((operation) => operation.id ?? ""),
    documents: documents.length,
    written: 0,
    failed: 0,
    notSent: 0,
    failures: [],
    template: null,
    requests: 0,
    retries: 0,
    splits: 0,
  };
  if (report.dryRun || operations.length === 0) return report;
  if (client === undefined) throw new UsageDeltaError("INTERNAL", "the OpenSearch sink needs a client unless it is a dry run");

  report.template = await ensureUsageDeltaTemplate(client, { ...options.template, prefix });
  for (const { index } of report.indices) await ensureIndex(client, index);
  const bulk = await writeBulk(pausedAfterFirstRequest(clientBulkSend(client), options.bulk?.signal), operations, options.bulk);
  if (options.refresh !== false) {
    const indices = report.indices.map(({ index }) => index);
    await retryOpenSearch(searchTarget(client, indices.join(",")), () => client.indices.refresh({ index: indices }, NO_CLIENT_RETRY));
  }
  return {
    ...report,
    written: bulk.succeeded,
    failed: bulk.failed,
    notSent: bulk.notSent,
    failures: bulk.failures,
    requests: bulk.requests,
    retries: bulk.retries,
    splits: bulk.splits,
  };
}

/** Creates the index (the template gives it mapping and alias) unless it exists. */
async function ensureIndex(client: Client, index: string): Promise<void> {
  const exists = await retryOpenSearch(searchTarget(client, index), () => client.indices.exists({ index }, NO_CLIENT_RETRY));
  if (exists.body === true) return;
  // Sent again after no answer, it finds the index there: "already exists" (400) is fine.
  const created = await retryOpenSearch(searchTarget(client, index), () => client.indices.create({ index }, { ...NO_CLIENT_RETRY, ignore: [400] }));
  const body = created.body as { acknowledged?: boolean; error?: { type?: string } };
  if (body.acknowledged !== true && body.error?.type !== "resource_already_exists_exception") {
    await retryOpenSearch(searchTarget(client, index), () => client.indices.create({ index }, NO_CLIENT_RETRY)); // not a race: let it throw with the reason
  }
}

/** The test hook's pause after the first bulk request is answered (USAGE_DELTA_TEST_PAUSE_AT=bulk). */
function pausedAfterFirstRequest(send: BulkSend, signal: AbortSignal | undefined): BulkSend {
  let first = true;
  return async (ndjson) => {
    const answer = await send(ndjson);
    if (first) {
      first = false;
      await pauseForTest("bulk", signal);
    }
    return answer;
  };
}
