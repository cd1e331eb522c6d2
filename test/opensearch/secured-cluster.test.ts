// The CLI against a cluster with TLS and basic authentication (the security plugin; the
// test setup starts it): CA, user and password by flag or environment, the whole
// source -> sink round trip with an index prefix equal to the file pipeline, and one line,
// exit 69, for a wrong CA, no CA, a wrong password, and a user who lacks a privilege.
// The password never appears on stderr.

import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { usageDeltaAlias, usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { BOOKMARK_INDEX_BASE } from "../../src/sinks/bookmarks-opensearch.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import { comparable, readDocuments } from "../support/documents-file.js";
import { describeWithSecuredOpenSearch, uniqueIndexName } from "../support/opensearch.js";
import { runCli, type CliRun } from "../support/run-cli.js";
import { createUserWithRole, deleteUserWithRole, makeAdminClient, newPassword, securedNode, usageDeltaRole } from "../support/secured-cluster.js";

const STACK = /\n\s+at |internal error|Unhandled/;

/** The only line on stderr: an error message, no summary, no stack. */
function onlyLine(run: CliRun): string {
  expect(run.stderr).not.toMatch(STACK);
  const lines = run.stderr.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(1);
  return lines[0] ?? "";
}

describeWithSecuredOpenSearch("a cluster with TLS and basic authentication", () => {
  const node = securedNode();
  const admin = makeAdminClient();
  const prefix = `${uniqueIndexName("sec")}-`;
  const users = { full: `${prefix}full`, noRead: `${prefix}noread`, noWrite: `${prefix}nowrite`, noDocuments: `${prefix}nodocs` };
  const passwords = { full: newPassword(), noRead: newPassword(), noWrite: newPassword(), noDocuments: newPassword() };
  const secrets = [node.password, ...Object.values(passwords)];
  let dir = "";
  let fileDocuments: UsageDeltaDocument[] = [];

  /** Runs the CLI with no credentials or URL from this process's environment. */
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}): CliRun => {
    const quiet = args[0] === "aggregate" && !args.includes("--log-level") ? ["--log-level", "warn"] : [];
    const run = runCli([...args, ...quiet], { env: { OPENSEARCH_URL: "", OPENSEARCH_USER: "", OPENSEARCH_PASSWORD: "", ...env } });
    for (const secret of secrets) expect(run.stderr + run.stdout).not.toContain(secret);
    return run;
  };
  const roundTrip = ["aggregate", "--source", "opensearch", "--sink", "opensearch", "--index-prefix", prefix, "--os-url", node.url];
  const toFile = (name: string) => ["aggregate", "--source", "opensearch", "--out", join(dir, name), "--index-prefix", prefix, "--os-url", node.url];

  /** A clean slate for the sink: no usage-delta index, template, bookmark or lock. */
  async function removeOutputs(): Promise<void> {
    await admin.indices.delete({
      index: [`${prefix}stats-community-usage-delta-*`, `${prefix}${BOOKMARK_INDEX_BASE}`, `${prefix}usage-delta-locks`],
      ignore_unavailable: true,
    });
    await admin.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] });
  }

  async function indexedDocuments(): Promise<UsageDeltaDocument[]> {
    const { body } = await admin.search({ index: usageDeltaAlias(prefix), body: { size: 10_000 } });
    return body.hits.hits.map((hit) => hit._source as UsageDeltaDocument);
  }

  async function bookmarkCount(): Promise<number> {
    const { body: exists } = await admin.indices.exists({ index: `${prefix}${BOOKMARK_INDEX_BASE}` });
    if (exists !== true) return 0;
    const { body } = await admin.count({ index: `${prefix}${BOOKMARK_INDEX_BASE}` });
    return body.count;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-secured-"));
    const generated = cli([
      "generate",
      "--out",
      dir,
      "--events",
      "600",
      "--seed",
      "21",
      "--start",
      "2025-03-01",
      "--days",
      "4",
      "--communities",
      "2",
      "--to-opensearch",
      "--index-prefix",
      prefix,
      "--os-url",
      node.url,
      "--os-ca",
      node.caFile,
      "--os-user",
      node.user,
      "--os-password",
      node.password,
    ]);
    expect(generated.status, generated.stderr).toBe(0);
    const files = cli(["aggregate", "--input", dir, "--out", join(dir, "files.ndjson"), "--backend", "memory"]);
    expect(files.status, files.stderr).toBe(0);
    fileDocuments = await readDocuments(join(dir, "files.ndjson"));
    expect(fileDocuments.length).toBeGreaterThan(0);
    await createUserWithRole(admin, users.full, passwords.full, usageDeltaRole(prefix));
    await createUserWithRole(admin, users.noRead, passwords.noRead, usageDeltaRole(prefix, { read: false, write: true }));
    await createUserWithRole(admin, users.noWrite, passwords.noWrite, usageDeltaRole(prefix, { read: true, write: false }));
    await createUserWithRole(admin, users.noDocuments, passwords.noDocuments, usageDeltaRole(prefix, { read: true, write: "bookkeeping" }));
  });

  afterAll(async () => {
    for (const user of Object.values(users)) await deleteUserWithRole(admin, user);
    await admin.indices.delete({ index: `${prefix}*`, ignore_unavailable: true, expand_wildcards: "all" }).catch(() => {});
    await admin.indices.deleteIndexTemplate({ name: `${prefix}*` }, { ignore: [404] }).catch(() => {});
    await admin.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("--os-ca, --os-user, --os-password: source -> sink with --index-prefix gives the file pipeline's documents (debug logs without the password)", async () => {
    await removeOutputs();
    const run = cli([...roundTrip, "--os-ca", node.caFile, "--os-user", node.user, "--os-password", node.password, "--log-level", "debug"]);
    expect(run.stderr).toContain('"level":20'); // pino's debug lines were written (and checked for the password)
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`written\\s+${fileDocuments.length} of ${fileDocuments.length}`));
    expect(comparable(await indexedDocuments())).toEqual(comparable(fileDocuments));
    expect(await bookmarkCount()).toBeGreaterThan(0);
  });

  it("$OPENSEARCH_USER / $OPENSEARCH_PASSWORD, with README's role for usage-delta: the same round trip", async () => {
    await removeOutputs();
    const run = cli([...roundTrip, "--os-ca", node.caFile], { OPENSEARCH_USER: users.full, OPENSEARCH_PASSWORD: passwords.full });
    expect(run.status, run.stderr).toBe(0);
    expect(comparable(await indexedDocuments())).toEqual(comparable(fileDocuments));
    expect(await bookmarkCount()).toBeGreaterThan(0);
  });

  it("a CA that did not sign the server's certificate: one line, exit 69", () => {
    const otherCa = join(dir, "other-ca.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "other-ca-key.pem"),
        "-out",
        otherCa,
        "-subj",
        "/CN=not the cluster's CA",
        "-days",
        "1",
      ],
      { stdio: "ignore" },
    );
    const run = cli([...toFile("wrong-ca.ndjson"), "--os-ca", otherCa, "--os-user", node.user, "--os-password", node.password]);
    expect(run.status).toBe(69);
    expect(onlyLine(run)).toMatch(/^usage-delta: cannot reach OpenSearch at https:\/\/127\.0\.0\.1:\d+: TLS: .*--os-ca/);
  });

  it("no CA against the cluster's own CA: one line, exit 69", () => {
    const run = cli([...toFile("no-ca.ndjson"), "--os-user", node.user, "--os-password", node.password]);
    expect(run.status).toBe(69);
    expect(onlyLine(run)).toMatch(/^usage-delta: cannot reach OpenSearch at https:\/\/127\.0\.0\.1:\d+: TLS: .*--os-ca/);
  });

  it("--os-insecure reads without the CA, and warns once", async () => {
    const run = cli([...toFile("insecure.ndjson"), "--os-insecure", "--os-user", node.user, "--os-password", node.password]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.match(/--os-insecure/g)).toHaveLength(1);
    expect(comparable(await readDocuments(join(dir, "insecure.ndjson")))).toEqual(comparable(fileDocuments));
  });

  it("a wrong password: one line, exit 69", () => {
    const run = cli([...toFile("wrong-password.ndjson"), "--os-ca", node.caFile, "--os-user", users.full, "--os-password", `${passwords.full}-wrong`]);
    expect(run.status).toBe(69);
    expect(onlyLine(run)).toMatch(/^usage-delta: OpenSearch at https:\/\/127\.0\.0\.1:\d+ refused the credentials$/);
  });

  it("a user without read rights on the event indices: one line naming the index and the privilege, exit 69", () => {
    const run = cli([...toFile("no-read.ndjson"), "--os-ca", node.caFile], { OPENSEARCH_USER: users.noRead, OPENSEARCH_PASSWORD: passwords.noRead });
    expect(run.status).toBe(69);
    const line = onlyLine(run);
    expect(line).toContain(`user ${users.noRead} lacks the privilege indices:`);
    expect(line).toMatch(new RegExp(`lacks the privilege indices:\\S+ on ${prefix}events-stats-(record-view|file-download) \\(403\\)$`));
  });

  it("a user with read but without write rights on the usage-delta indices: one line naming the index and the privilege, exit 69, no bookmark", async () => {
    await removeOutputs();
    const run = cli([...roundTrip, "--os-ca", node.caFile], { OPENSEARCH_USER: users.noWrite, OPENSEARCH_PASSWORD: passwords.noWrite });
    expect(run.status).toBe(69);
    const line = onlyLine(run);
    expect(line).toMatch(
      new RegExp(
        `user ${users.noWrite} lacks the privilege indices:\\S+ on ${prefix}(stats-community-usage-delta|usage-delta-locks|${BOOKMARK_INDEX_BASE})\\S* \\(403\\)$`,
      ),
    );
    expect(await bookmarkCount()).toBe(0);
  });

  it("a user who may take the lock but not write the usage-delta index: the summary, then one line naming the index and the privilege, exit 69, no bookmark", async () => {
    await removeOutputs();
    const run = cli([...roundTrip, "--os-ca", node.caFile], { OPENSEARCH_USER: users.noDocuments, OPENSEARCH_PASSWORD: passwords.noDocuments });
    expect(run.status).toBe(69);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr).toContain("not all documents were written");
    const errors = run.stderr.split("\n").filter((line) => line.startsWith("usage-delta: "));
    expect(errors).toEqual([
      expect.stringMatching(new RegExp(`user ${users.noDocuments} lacks the privilege indices:\\S+ on ${prefix}stats-community-usage-delta-2025 \\(403\\)$`)),
    ]);
    expect(await bookmarkCount()).toBe(0);
  });
});
