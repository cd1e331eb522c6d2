// The file sink's bookmark state file (src/sinks/bookmarks-file.ts).

import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bookmarksPathFor, fileBookmarkStore } from "../../src/sinks/bookmarks-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-bookmarks-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("file bookmarks", () => {
  it("starts empty, keeps the others on a write, replaces all on request, leaves no temporary file", async () => {
    const path = bookmarksPathFor(join(dir, "out.ndjson"));
    expect(path).toBe(join(dir, "out.ndjson.bookmarks.json"));
    const store = fileBookmarkStore(path);
    expect(await store.read()).toEqual(new Map());
    await store.write(
      new Map([
        ["global", "2025-03-02"],
        ["a", "2025-03-02"],
      ]),
    );
    await store.write(new Map([["a", "2025-03-04"]]));
    expect(await store.read()).toEqual(
      new Map([
        ["a", "2025-03-04"],
        ["global", "2025-03-02"],
      ]),
    );
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      aggregation_type: "community-usage-delta-agg",
      bookmarks: { a: "2025-03-04", global: "2025-03-02" },
    });
    await store.write(new Map([["b", "2025-03-05"]]), true);
    expect(await store.read()).toEqual(new Map([["b", "2025-03-05"]]));
    expect(await readdir(dir)).toEqual(["out.ndjson.bookmarks.json"]);
  });

  it("refuses a broken state file with a message naming it", async () => {
    const path = join(dir, "state.json");
    await writeFile(path, "{not json");
    await expect(fileBookmarkStore(path).read()).rejects.toThrow(`bookmark file ${path}: not JSON`);
    await writeFile(path, JSON.stringify({ aggregation_type: "community-usage-delta-agg", bookmarks: { a: "yesterday" } }));
    await expect(fileBookmarkStore(path).read()).rejects.toThrow("the bookmark of a is not a day");
  });
});
