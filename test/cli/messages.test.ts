// What the CLI says, through the real binary: no password of a URL in any message, the
// --os-insecure warning once, control characters from the input shown as escapes.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithOpenSearch, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-messages-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NO_ENV = { OPENSEARCH_URL: "", OPENSEARCH_USER: "", OPENSEARCH_PASSWORD: "" };

describe("credentials in --os-url", () => {
  it.each([
    ["htp://ops:s3cret@127.0.0.1:9", 2, "usage-delta: not an OpenSearch URL (http or https): htp://127.0.0.1:9\n"],
    ["http://ops:s3cret@[zz:9", 2, "usage-delta: not an OpenSearch URL (http://host:port or https://host:port): http://[zz:9\n"],
    ["http://ops:s3cret@127.0.0.1:9", 69, "usage-delta: cannot reach OpenSearch at http://127.0.0.1:9: connection refused\n"],
  ])("%s: never echoed", (url, status, stderr) => {
    for (const flags of [
      ["--source", "opensearch"],
      ["--sink", "opensearch", "--input", dir],
    ]) {
      const run = runCli(["aggregate", ...flags, "--os-url", url, "--log-level", "warn"], { env: NO_ENV });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status, stderr });
    }
  });
});

describe("control characters", () => {
  it("in a flag value commander rejects, and in an unknown option: shown as escapes", () => {
    const bad = runCli(["aggregate", "--start", "2025\u001b[31mX"]);
    expect({ status: bad.status, stderr: bad.stderr }).toEqual({
      status: 2,
      stderr: "error: option '--start <day>' argument '2025\\x1b[31mX' is invalid. --start takes a UTC day as YYYY-MM-DD, not \"2025\\x1b[31mX\"\n",
    });
    const unknown = runCli(["aggregate", "--bogus\u001b[2J"]);
    expect({ status: unknown.status, stderr: unknown.stderr }).toEqual({ status: 2, stderr: "error: unknown option '--bogus\\x1b[2J'\n" });
  });

  it("in a mistyped option: commander's suggestion on the error's one line, a line break in the name still escaped", () => {
    const near = runCli(["aggregate", "--output", "o.ndjson"]);
    expect({ status: near.status, stderr: near.stderr }).toEqual({
      status: 2,
      stderr: "error: unknown option '--output' (Did you mean one of --input, --out?)\n",
    });
    const broken = runCli(["aggregate", "--ou\n(Did you mean --out?)"]);
    expect(broken.stderr).toBe("error: unknown option '--ou\\x0a(Did you mean --out?)'\n");
  });

  it("in a file name from the command line: shown as escapes in the one-line error", () => {
    const name = join(dir, "views\u001b[2J\u001b]0;owned\u0007.ndjson");
    const run = runCli(["aggregate", "--views", name, "--out", join(dir, "o.ndjson"), "--log-level", "warn"]);
    expect(run.status).toBe(65);
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(run.stderr).toContain("views\\x1b[2J\\x1b]0;owned\\x07.ndjson");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describeWithOpenSearch("--os-insecure", () => {
  it("says once on stderr that certificates are not checked, though two connections are opened", () => {
    const prefix = `${uniqueIndexName("insecure")}-`;
    const run = runCli([
      "aggregate",
      "--source",
      "opensearch",
      "--sink",
      "opensearch",
      "--os-url",
      opensearchUrl() ?? "",
      "--os-insecure",
      "--index-prefix",
      prefix,
      "--log-level",
      "warn",
    ]);
    expect(run.status, run.stderr).toBe(69); // no event index under this prefix
    const warnings = run.stderr.split("\n").filter((line) => line.includes("--os-insecure"));
    expect(warnings).toEqual([
      "usage-delta: warning: --os-insecure: OpenSearch's TLS certificate is not checked; anyone on the way can read or change what is sent, the password included",
    ]);
  });
});
