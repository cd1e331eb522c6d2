// CI runs what the README tells a new user to run: .ci/run calls the README's test command
// (from "Two commands") in a clone of HEAD, once on the machine's Node and once with
// Node 24 first on the PATH, and walks the README's operator sections.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");

function readmeTestCommand(): string {
  const section = readme.slice(readme.indexOf("## Two commands"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const line = block.split("\n").find((text) => /^npm (run )?test\b/.test(text)) ?? "";
  return line.replace(/\s+#.*$/, "").trim();
}

describe(".ci/run", () => {
  it("runs the README's test command on Node 20 and on Node 24, in a clone of HEAD", () => {
    const command = readmeTestCommand();
    expect(command).toBe("npm test");
    const runs = ci.split("\n").filter((line) => line.includes(`${command} </dev/null`) && !line.trimStart().startsWith("echo"));
    expect(runs.map((line) => line.trim())).toEqual([`${command} </dev/null`, `PATH="$node24:$PATH" ${command} </dev/null`]);
    expect(ci).toMatch(/git clone --quiet "\$PWD" "\$work\/usage-delta"\ncd "\$work\/usage-delta"\n/);
    expect(ci).toMatch(/node24="\$\(bash scripts\/fetch-node\.sh "\$NODE_24_VERSION"/);
    expect(ci).toContain("bash scripts/walk-readme.sh");
  });
});
