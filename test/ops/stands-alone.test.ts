// The repository stands alone: no tracked file points at a sibling checkout (`../shared`
// in this project's CI), at this machine's paths, or at the absolute path of the checkout
// the tests run in. A fresh clone in an empty directory is run by .ci/run; this catches
// the reference even where the thing referred to happens to exist.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const SELF = "test/ops/stands-alone.test.ts";

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((path) => path !== "" && path !== SELF);
}

/** Patterns (built here so that this file does not match itself). */
const FORBIDDEN: [string, RegExp][] = [
  ["a sibling of the checkout", new RegExp(["\\.\\.", "shared"].join("/"))],
  ["this machine's work tree", new RegExp(["", "work", ""].join("/"))],
  ["a home directory", /(^|[\s"'`(=:])\/(root|home\/[a-z][\w.-]*)\//],
  ["the checkout's own path", new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))],
];

describe("the repository", () => {
  it("has no file that points outside it", () => {
    const found: string[] = [];
    for (const path of trackedFiles()) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, path), "utf8");
      } catch {
        continue; // deleted in the work tree
      }
      if (text.includes("\0")) continue; // binary
      text.split("\n").forEach((line, index) => {
        for (const [what, pattern] of FORBIDDEN) if (pattern.test(line)) found.push(`${path}:${index + 1}: ${what}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(found).toEqual([]);
  });
});
