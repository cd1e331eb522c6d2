// `usage-delta status --sink opensearch` against the test node: after a run into the
// usage-delta indices, complete up to the bookmarks with the last run recorded; a
// document deleted is a gap named by its day; an expired lock document is shown as gone.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StatusReport } from "../../src/cli/status-report.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { documentId } from "../../src/model/document.js";
import { usageDeltaAlias, usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { lockDocumentId, lockIndexName } from "../../src/sinks/output-lock-opensearch.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";

describeWithOpenSearch("status --sink opensearch", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("status")}-`;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-os-status-"));
    await generateDataset({ outDir: dir, events: 1500, seed: 22, start: "2025-03-01", days: 5, communities: 2 });
    const run = runCli([
      "aggregate",
      "--input",
      dir,
      "--end",
      "2025-03-05",
      "--sink",
      "opensearch",
      "--os-url",
      opensearchUrl() ?? "",
      "--index-prefix",
      prefix,
      "--log-level",
      "warn",
    ]);
    expect(run.status, run.stderr).toBe(0);
  });
  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await client.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] });
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  const status = (): StatusReport => {
    const run = runCli(["status", "--sink", "opensearch", "--os-url", opensearchUrl() ?? "", "--index-prefix", prefix, "--json"]);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as StatusReport;
  };

  it("after a run: complete up to the bookmarks, the last run ok, the lock free", () => {
    const report = status();
    expect(report.output).toBe(`OpenSearch ${usageDeltaAlias(prefix)}`);
    expect(report.complete).toBe(true);
    expect(report.communities.length).toBeGreaterThan(1);
    for (const c of report.communities)
      expect(c).toMatchObject({ bookmark: "2025-03-05", documents: 5, first_day: "2025-03-01", last_day: "2025-03-05", missing_days: 0, complete: true });
    expect(report.last_run).toMatchObject({ outcome: "ok", exit_code: 0, documents: report.communities.length * 5 });
    expect(report.lock.holder).toBeNull();
  });

  it("a deleted document is a gap named by its day; an expired lock is shown as gone", async () => {
    await client.delete({
      index: `${prefix}stats-community-usage-delta-2025`,
      id: documentId({ community_id: "global", period_start: "2025-03-02T00:00:00" }),
      refresh: true,
    });
    await client.index({
      index: lockIndexName(prefix),
      id: lockDocumentId(prefix),
      body: { kind: "lock", host: "another-host.example", pid: 7, since: "2026-01-01T00:00:00.000Z", run: "t", expires_at: Date.now() - 1000 },
      refresh: true,
    });
    const report = status();
    expect(report.complete).toBe(false);
    expect(report.communities.find((c) => c.community === "global")).toMatchObject({
      documents: 4,
      missing_days: 1,
      first_missing_day: "2025-03-02",
      complete: false,
    });
    expect(report.lock).toMatchObject({ holder: { host: "another-host.example", pid: 7 }, stale: true });
    const human = runCli(["status", "--sink", "opensearch", "--os-url", opensearchUrl() ?? "", "--index-prefix", prefix]);
    expect(human.stdout).toMatch(/global\s+2025-03-05\s+4\s+2025-03-01\s+1 day missing from 2025-03-02/);
  });

  it("a prefix nothing was written under: nothing recorded, not an error", () => {
    const run = runCli(["status", "--sink", "opensearch", "--os-url", opensearchUrl() ?? "", "--index-prefix", `${uniqueIndexName("empty")}-`, "--json"]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ communities: [], last_run: null, lock: { holder: null }, complete: true });
  });
});
