// The buffered writer keeps every line, in order, through buffer flushes, multi-byte
// characters and lines longer than its buffer.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NdjsonWriter } from "../../src/generate/write-ndjson.js";

describe("NdjsonWriter", () => {
  it("writes the lines it is given, exactly", async () => {
    const dir = await mkdtemp(join(tmpdir(), "usage-delta-ndjson-"));
    try {
      const lines: string[] = [];
      for (let i = 0; i < 40_000; i++) lines.push(JSON.stringify({ i, text: i % 7 === 0 ? "Études rurales – ü 😀" : "x".repeat(i % 90) }));
      lines.splice(12_345, 0, JSON.stringify({ long: "é".repeat(600_000) }));
      const writer = new NdjsonWriter(join(dir, "out.ndjson"));
      for (const line of lines) await writer.write(line);
      await writer.close();
      expect(writer.lineCount).toBe(lines.length);
      expect(await readFile(join(dir, "out.ndjson"), "utf8")).toBe(`${lines.join("\n")}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
