// The packed program as an operator installs it: `npm pack`, then `npm install -g` of
// the tarball into a temporary prefix, then the installed `usage-delta` run from
// elsewhere: --version, generate, and aggregate on the worker pool, whose documents must
// equal those of the memory backend run from this repository.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { comparable, readDocuments } from "../support/documents-file.js";
import { runCli } from "../support/run-cli.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const work = mkdtempSync(join(tmpdir(), "usage-delta-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 240_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the packed tarball", () => {
  const prefix = join(work, "prefix");
  const bin = join(prefix, "bin", "usage-delta");
  let tarball = "";

  it("holds only what runs: the compiled program and its WebAssembly, README, the data contract", () => {
    // The test setup has just built dist/ (prepack would delete and rebuild it under the
    // feet of other tests: scripts/walk-readme.sh packs with the scripts, in a clone).
    const packed = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    tarball = join(work, info.filename);
    const paths = info.files.map((file) => file.path);
    expect(paths).toContain("dist/bundle/usage-delta.js");
    expect(paths).toContain("dist/bundle/engine-worker.js");
    expect(paths).toContain("dist/wasm/event-scanner.wasm");
    expect(paths).toContain("docs/SPEC.md");
    const unexpected = paths.filter(
      (path) =>
        !/^dist\/bundle\/[\w-]+\.js$/.test(path) &&
        !/^dist\/wasm\/[\w-]+\.wasm$/.test(path) &&
        !["package.json", "README.md", "LICENSE", "docs/SPEC.md"].includes(path),
    );
    expect(unexpected).toEqual([]);
  });

  it("installs with npm install -g without a warning", () => {
    const installed = run("npm", ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", tarball], work);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stderr).not.toMatch(/warn/i);
  }, 240_000);

  it("runs --version, generate and aggregate --backend parallel from the install", async () => {
    const env = { PATH: `${join(prefix, "bin")}${delimiter}${process.env.PATH ?? ""}` };
    const version = run(bin, ["--version"], work, env);
    expect(version).toMatchObject({ status: 0, stdout: `${manifest.version}\n` });

    const data = join(work, "data");
    const generated = run(bin, ["generate", "--out", data, "--events", "4000", "--seed", "11"], work, env);
    expect(generated.status, generated.stderr).toBe(0);
    const installedOut = join(work, "installed.ndjson");
    const parallel = run(
      bin,
      ["aggregate", "--input", data, "--out", installedOut, "--backend", "parallel", "--threads", "2", "--log-level", "warn"],
      work,
      env,
    );
    expect(parallel.status, parallel.stderr).toBe(0);

    const repoOut = join(work, "repository.ndjson");
    const memory = runCli(["aggregate", "--input", data, "--out", repoOut, "--backend", "memory", "--log-level", "warn"]);
    expect(memory.status, memory.stderr).toBe(0);
    const installedDocuments = await readDocuments(installedOut);
    expect(installedDocuments.length).toBeGreaterThan(0);
    expect(comparable(installedDocuments)).toEqual(comparable(await readDocuments(repoOut)));
  }, 120_000);
});
