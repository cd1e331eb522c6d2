// What the OpenSearch source fault tests share: a small generated dataset indexed into the
// test OpenSearch under a fresh prefix, the fault proxy in front of it, a clean run's
// documents, and a way to run the real CLI on it through the proxy.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@opensearch-project/opensearch";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { indexDatasetToOpenSearch } from "../../src/generate/to-opensearch.js";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { opensearchUrl, uniqueIndexName } from "./opensearch.js";
import { FAST_RETRIES, runThroughProxy, type ProxiedRun } from "./proxied-run.js";

export interface SourceFaultFixture {
  proxy: FaultProxy;
  prefix: string;
  dir: string;
  /** A run without faults. */
  clean: ProxiedRun;
  /** `aggregate --source opensearch` through the proxy, pages of `pageSize` hits, `--out <dir>/<name>.ndjson`. */
  run(name: string, pageSize?: number, extra?: readonly string[], env?: NodeJS.ProcessEnv): Promise<ProxiedRun>;
  close(): Promise<void>;
}

/** Searches through a point in time: the membership and event pages, the counts in the point in time. */
export const PIT_SEARCH = /^POST \/_search$/;
/** A run's failure that is not one line: a stack trace, an internal error, an unhandled rejection. */
export const STACK = /\n\s+at |internal error|Unhandled/;

/** 1,200 events over 12 days in two monthly indices; pages of 150 hits: several per shard. */
export async function openSourceFaultFixture(client: Client, name: string): Promise<SourceFaultFixture> {
  const prefix = `${uniqueIndexName(name)}-`;
  const dir = await mkdtemp(join(tmpdir(), `usage-delta-${name}-`));
  await generateDataset({ outDir: dir, events: 1200, seed: 3, start: "2025-01-25", days: 12, communities: 3 });
  await indexDatasetToOpenSearch({ client, url: opensearchUrl() ?? "", dir, indexPrefix: prefix });
  const proxy = await startFaultProxy(opensearchUrl() ?? "");
  const run = (runName: string, pageSize = 150, extra: readonly string[] = [], env: NodeJS.ProcessEnv = FAST_RETRIES) =>
    runThroughProxy(
      [
        "aggregate",
        "--source",
        "opensearch",
        "--os-url",
        proxy.url,
        "--index-prefix",
        prefix,
        "--backend",
        "memory",
        "--chunk-size",
        String(pageSize),
        "--log-level",
        "warn",
        ...extra,
      ],
      join(dir, `${runName}.ndjson`),
      env,
    );
  const clean = await run("clean");
  return {
    proxy,
    prefix,
    dir,
    clean,
    run,
    async close() {
      await proxy.close();
      await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
      await client.indices.deleteIndexTemplate({ name: `${prefix}*` }).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
