// The engine worker's module graph (compiled, as piscina loads it) holds no apache-arrow:
// the kernels read the chunk's Arrow buffers directly, and loading Arrow would cost each
// worker most of its cold start (why and numbers: src/columnar/encoded-chunk.ts).

import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Static and dynamic import specifiers of a compiled ES module. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:^|[;\s])(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    /(?:^|[;\s])import\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** Every module reached from `entry` by relative imports, and the packages they import. */
function moduleGraph(entry: string): { modules: string[]; packages: Set<string> } {
  const modules: string[] = [];
  const packages = new Set<string>();
  const pending = [entry];
  const seen = new Set(pending);
  while (pending.length > 0) {
    const file = pending.pop()!;
    modules.push(relative(root, file));
    for (const specifier of specifiers(readFileSync(file, "utf8"))) {
      if (!specifier.startsWith(".")) {
        packages.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier);
      if (!seen.has(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
  return { modules, packages };
}

describe("the engine worker's modules", () => {
  it("reach both kernels and import no apache-arrow", () => {
    const { modules, packages } = moduleGraph(resolve(root, "dist", "workers", "engine-worker.js"));
    // The walk really follows the worker into its kernels (it cannot pass by finding nothing).
    expect(modules).toContain("dist/src/group/group-partition.js");
    expect(modules).toContain("dist/src/encode/encode-chunk.js");
    expect(modules).toContain("dist/src/columnar/encoded-chunk.js");
    expect([...packages].filter((name) => name === "apache-arrow" || name.startsWith("apache-arrow/"))).toEqual([]);
  });
});
