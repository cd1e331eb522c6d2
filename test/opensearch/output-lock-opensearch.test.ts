// The OpenSearch sink's lock against the test node: a second run on the same cluster and
// index prefix exits 16 naming the holder; an expired lock document is taken over (of two
// runs taking it over at once, exactly one gets it); the lock is released at the end and
// the run record left beside it.

import { mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { ensureLockIndex, lockDocumentId, lockIndexName, openSearchLockSlot } from "../../src/sinks/output-lock-opensearch.js";
import { runRecordId } from "../../src/sinks/run-record-opensearch.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";
import { spawnCli } from "../support/spawn-cli.js";

describeWithOpenSearch("the OpenSearch sink's lock", () => {
  const client = makeTestClient();
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `${uniqueIndexName("lock")}-`;
    prefixes.push(prefix);
    return prefix;
  };
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-os-lock-"));
    await generateDataset({ outDir: dir, events: 1500, seed: 12, start: "2025-05-01", days: 6, communities: 2 });
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
      await client.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] });
    }
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sinkArgs = (prefix: string) => [
    "aggregate",
    "--input",
    dir,
    "--sink",
    "opensearch",
    "--os-url",
    opensearchUrl() ?? "",
    "--index-prefix",
    prefix,
    "--log-level",
    "warn",
  ];
  const putLock = async (prefix: string, lock: object) => {
    await ensureLockIndex(client, lockIndexName(prefix));
    await client.index({ index: lockIndexName(prefix), id: lockDocumentId(prefix), body: { kind: "lock", run: "test", ...lock }, refresh: true });
  };
  const getDoc = async (prefix: string, id: string) =>
    (await client.get({ index: lockIndexName(prefix), id }, { ignore: [404] })).body as { found: boolean; _source?: Record<string, unknown> };

  it("a second run while the first holds the lock: exit 16, the holder named", async () => {
    const prefix = newPrefix();
    const first = spawnCli([...sinkArgs(prefix), "--backend", "memory", "--max-memory", "1M", "--threads", "1", "--explain"], {
      env: { USAGE_DELTA_TEST_WINDOW_DELAY_MS: "300" },
    });
    await first.waitFor(/plan: backend/);
    const second = runCli(sinkArgs(prefix));
    expect(second.status, second.stderr).toBe(16);
    expect(second.stderr).toContain(
      `another run holds the lock OpenSearch ${lockIndexName(prefix)}/${lockDocumentId(prefix)}: host ${hostname()}, pid ${first.child.pid}, since 20`,
    );
    expect((await first.exited).code, first.stderr()).toBe(0);
    expect((await getDoc(prefix, lockDocumentId(prefix))).found).toBe(false);
    expect((await getDoc(prefix, runRecordId(prefix)))._source).toMatchObject({ kind: "last-run", outcome: "ok", exit_code: 0, pid: first.child.pid });
  });

  it("a live lock of another host: exit 16; once expired, it is taken over", async () => {
    const prefix = newPrefix();
    await putLock(prefix, { host: "another-host.example", pid: 4242, since: "2026-01-01T00:00:00.000Z", expires_at: Date.now() + 600_000 });
    const refused = runCli(sinkArgs(prefix));
    expect(refused.status, refused.stderr).toBe(16);
    expect(refused.stderr).toMatch(/host another-host\.example, pid 4242, since 2026-01-01T00:00:00\.000Z/);
    await putLock(prefix, { host: "another-host.example", pid: 4242, since: "2026-01-01T00:00:00.000Z", expires_at: Date.now() - 1000 });
    const run = runCli(sinkArgs(prefix));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/written\s+\d+ of \d+/);
    expect((await getDoc(prefix, lockDocumentId(prefix))).found).toBe(false);
  });

  it("two runs taking over an expired lock at once: exactly one gets it", async () => {
    const prefix = newPrefix();
    await putLock(prefix, { host: "another-host.example", pid: 4242, since: "2026-01-01T00:00:00.000Z", expires_at: Date.now() - 1000 });
    const answers = await Promise.all([openSearchLockSlot(client, prefix).tryAcquire(), openSearchLockSlot(client, prefix).tryAcquire()]);
    const held = answers.filter((answer) => "release" in answer);
    expect(held).toHaveLength(1);
    for (const lock of held) if ("release" in lock) await lock.release();
    expect((await getDoc(prefix, lockDocumentId(prefix))).found).toBe(false);
  });

  it("the holder renews its expiry; a lock taken over meanwhile is lost, and its release leaves the new holder's", async () => {
    const prefix = newPrefix();
    const reasons: string[] = [];
    const lock = await openSearchLockSlot(client, prefix, (why) => reasons.push(why), { ttlMs: 60_000, renewMs: 100 }).tryAcquire();
    if (!("release" in lock)) throw new Error(`not taken: ${JSON.stringify(lock)}`);
    const first = (await getDoc(prefix, lockDocumentId(prefix)))._source?.expires_at as number;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await getDoc(prefix, lockDocumentId(prefix)))._source?.expires_at as number).toBeGreaterThan(first);
    expect(lock.lost.aborted).toBe(false);
    // Another run takes it over (as after an expiry): the next renewal finds it changed.
    await putLock(prefix, { host: "another-host.example", pid: 99, since: "2026-01-01T00:00:00.000Z", expires_at: Date.now() + 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lock.lost.aborted).toBe(true);
    expect(reasons.join()).toMatch(/taken over by another run/);
    await lock.release();
    expect((await getDoc(prefix, lockDocumentId(prefix)))._source).toMatchObject({ host: "another-host.example", pid: 99 });
  });
});
