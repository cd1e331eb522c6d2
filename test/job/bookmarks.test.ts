// Where --since-bookmark starts and how far bookmarks move (src/job/bookmarks.ts).

import { describe, expect, it } from "vitest";
import { bookmarkStart, moveBookmarks, movedBookmarks, startAtBookmarks, writtenDays } from "../../src/job/bookmarks.js";
import type { BookmarkStore, Bookmarks } from "../../src/sinks/bookmark-store.js";
import type { DocumentSink } from "../../src/sinks/document-sink.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";

const doc = (community: string, day: string) => ({ community_id: community, period_start: `${day}T00:00:00` }) as UsageDeltaDocument;

describe("bookmarkStart", () => {
  const bookmarks = new Map([
    ["global", "2025-03-10"],
    ["a", "2025-03-08"],
    ["b", "2025-03-12"],
  ]);

  it("is the smallest bookmark of the communities asked for, global included", () => {
    expect(bookmarkStart(bookmarks, undefined)).toBe("2025-03-08");
    expect(bookmarkStart(bookmarks, ["b"])).toBe("2025-03-10");
  });

  it("is open (the first day with events) while one of them has none", () => {
    expect(bookmarkStart(new Map(), undefined)).toBeUndefined();
    expect(bookmarkStart(bookmarks, ["c"])).toBeUndefined();
    expect(bookmarkStart(new Map([["a", "2025-03-08"]]), undefined)).toBeUndefined(); // no global bookmark
  });
});

describe("writtenDays and movedBookmarks", () => {
  it("takes the days written without a gap from the first, leaving out what the sink did not write", () => {
    const documents = ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"].flatMap((day) => [doc("a", day), doc("global", day)]);
    expect(writtenDays(documents)).toEqual(
      new Map([
        ["a", { first: "2025-03-01", last: "2025-03-04" }],
        ["global", { first: "2025-03-01", last: "2025-03-04" }],
      ]),
    );
    expect(writtenDays(documents, new Set(["a-2025-03-03"])).get("a")).toEqual({ first: "2025-03-01", last: "2025-03-02" });
  });

  it("moves a bookmark forward when the days written join it, never back, never over a gap", () => {
    const previous = new Map([
      ["a", "2025-03-05"],
      ["b", "2025-03-05"],
      ["c", "2025-03-05"],
      ["d", "2025-03-05"],
    ]);
    const written = new Map([
      ["a", { first: "2025-03-05", last: "2025-03-09" }], // redoes the bookmarked day: moves
      ["b", { first: "2025-03-06", last: "2025-03-09" }], // starts the day after: moves
      ["c", { first: "2025-03-07", last: "2025-03-09" }], // a gap (2025-03-06 never written): stays
      ["d", { first: "2025-03-01", last: "2025-03-03" }], // an old range again: stays
      ["e", { first: "2025-03-07", last: "2025-03-09" }], // no bookmark yet: set
    ]);
    expect(movedBookmarks(previous, written)).toEqual(
      new Map([
        ["a", "2025-03-09"],
        ["b", "2025-03-09"],
        ["e", "2025-03-09"],
      ]),
    );
  });
});

describe("the job's bookmarks, for any sink", () => {
  /** A sink of which only the bookmarks matter here, its store in memory. */
  function memorySink(initial: Bookmarks | undefined): { sink: DocumentSink; stored: Map<string, string>; writes: number } {
    const state = { stored: new Map(initial ?? []), writes: 0 };
    const store: BookmarkStore = {
      location: "memory",
      read: async () => new Map(state.stored),
      write: async (moved, replace = false) => {
        state.writes++;
        if (replace) state.stored.clear();
        for (const [community, day] of moved) state.stored.set(community, day);
      },
    };
    const sink = { bookmarks: initial === undefined ? undefined : store, noBookmarks: "this sink keeps none" } as DocumentSink;
    return Object.assign(state, { sink });
  }
  const documents = ["2025-03-05", "2025-03-06", "2025-03-07"].flatMap((day) => [doc("global", day), doc("a", day)]);

  it("starts at the earliest bookmark; refuses --since-bookmark where the sink keeps none, and with --start", async () => {
    const { sink } = memorySink(
      new Map([
        ["global", "2025-03-06"],
        ["a", "2025-03-05"],
      ]),
    );
    expect((await startAtBookmarks(sink, { sinceBookmark: true })).start).toBe("2025-03-05");
    expect((await startAtBookmarks(sink, { sinceBookmark: false, start: "2025-01-01" })).start).toBe("2025-01-01");
    await expect(startAtBookmarks(sink, { sinceBookmark: true, start: "2025-01-01" })).rejects.toThrow("leave out --start");
    await expect(startAtBookmarks(memorySink(undefined).sink, { sinceBookmark: true })).rejects.toThrow("this sink keeps none");
  });

  it("moves only after a write, as far as it wrote: nothing when nothing was written, up to a document not written", async () => {
    const state = memorySink(
      new Map([
        ["global", "2025-03-05"],
        ["a", "2025-03-05"],
      ]),
    );
    const at = await startAtBookmarks(state.sink, { sinceBookmark: true });
    expect(await moveBookmarks(at, documents, { written: 0, outcome: "interrupted", notWritten: "all" }, false)).toEqual(new Map());
    expect(state.writes).toBe(0);
    const moved = await moveBookmarks(at, documents, { written: 5, outcome: "done", notWritten: new Set(["a-2025-03-06"]) }, false);
    expect(moved).toEqual(new Map([["global", "2025-03-07"]]));
    expect(state.stored).toEqual(
      new Map([
        ["global", "2025-03-07"],
        ["a", "2025-03-05"],
      ]),
    );
  });
});
