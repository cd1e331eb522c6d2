// Incremental runs, the one place of the bookmark rule: where a `--since-bookmark` run
// starts, and how far each community's bookmark (its last complete day written) moves once
// the documents are written: only after the write, never back, never over a gap. Every
// sink keeps its bookmarks in its own store (src/sinks/bookmarks-*.ts); the job
// (run-aggregate-job.ts) calls these.

import { documentId, type UsageDeltaDocument } from "../model/document.js";
import { formatDay, parseDayString } from "../model/day.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import { UsageError } from "../model/errors.js";
import type { BookmarkStore, Bookmarks } from "../sinks/bookmark-store.js";
import type { DocumentSink, SinkWrite } from "../sinks/document-sink.js";

/**
 * The first day of a `--since-bookmark` run: the smallest bookmark over the communities
 * asked for (`global` always among them; without `--community`, every community that has
 * one), the bookmarked day itself included, since it may have been written while it was
 * still going on. Undefined (from the first day with events) while one of them has none.
 */
export function bookmarkStart(bookmarks: Bookmarks, communities: readonly string[] | undefined): string | undefined {
  const asked = new Set(communities ?? bookmarks.keys());
  asked.add(GLOBAL_COMMUNITY);
  let start: string | undefined;
  for (const community of asked) {
    const day = bookmarks.get(community);
    if (day === undefined) return undefined;
    if (start === undefined || day < start) start = day;
  }
  return start;
}

/** Per community, the first day written and the last of the days written without a gap from it. */
export function writtenDays(
  documents: readonly UsageDeltaDocument[],
  notWritten: ReadonlySet<string> = new Set(),
): Map<string, { first: string; last: string }> {
  const days = new Map<string, number[]>();
  for (const document of documents) {
    if (notWritten.has(documentId(document))) continue;
    const day = document.period_start.slice(0, 10);
    let list = days.get(document.community_id);
    if (list === undefined) days.set(document.community_id, (list = []));
    list.push(parseDayString(day));
  }
  const written = new Map<string, { first: string; last: string }>();
  for (const [community, list] of days) {
    list.sort((a, b) => a - b);
    let last = 0;
    while (last + 1 < list.length && list[last + 1] === list[last] + 1) last++;
    written.set(community, { first: formatDay(list[0]), last: formatDay(list[last]) });
  }
  return written;
}

/**
 * The bookmarks that move: to the last day written, when the days written reach back to
 * the day after the bookmark (a run that starts later would leave a gap behind it) and go
 * beyond it. A bookmark never moves back: running an old range again changes nothing.
 */
export function movedBookmarks(previous: Bookmarks, written: ReadonlyMap<string, { first: string; last: string }>): Map<string, string> {
  const moved = new Map<string, string>();
  for (const [community, { first, last }] of written) {
    const bookmark = previous.get(community);
    const joins = bookmark === undefined || parseDayString(first) <= parseDayString(bookmark) + 1;
    if (joins && (bookmark === undefined || last > bookmark)) moved.set(community, last);
  }
  return moved;
}

export interface BookmarkStart {
  /** Undefined: this output keeps no bookmarks (stdout, a dry run, an Arrow file). */
  store: BookmarkStore | undefined;
  previous: Bookmarks;
  /** The first day of the run; undefined: from the first day with events. */
  start: string | undefined;
  /** With --since-bookmark: where the run starts and why. */
  note?: string;
}

export interface BookmarkAsk {
  sinceBookmark: boolean;
  start?: string;
  end?: string;
  communities?: string[];
}

/** Checks the ask against the sink, reads its bookmarks, and says where the run starts. */
export async function startAtBookmarks(sink: DocumentSink, ask: BookmarkAsk): Promise<BookmarkStart> {
  const store = sink.bookmarks;
  if (ask.sinceBookmark) {
    if (ask.start !== undefined) throw new UsageError("--since-bookmark starts at the bookmark: leave out --start");
    if (store === undefined) throw new UsageError(sink.noBookmarks ?? "--since-bookmark: this output keeps no bookmarks");
  }
  const previous = store === undefined ? new Map<string, string>() : await store.read();
  if (!ask.sinceBookmark) return { store, previous, start: ask.start };
  const bookmark = bookmarkStart(previous, ask.communities);
  // Bookmarks past --end: that day again (a bookmark never moves back, so nothing changes but it).
  const start = bookmark !== undefined && ask.end !== undefined && bookmark > ask.end ? ask.end : bookmark;
  const where = store?.location;
  const note =
    start === undefined
      ? `since bookmark: ${previous.size === 0 ? "no bookmark yet" : "a community asked for has no bookmark"} (${where}), so from the first day with events`
      : start !== bookmark
        ? `since bookmark: the bookmarks (${where}) are past --end, from ${start} (the bookmarks stay)`
        : `since bookmark: from ${start}, the earliest bookmark of the communities asked for (${where}); that day is done again`;
  return { store, previous, start, note };
}

/**
 * Moves the bookmarks of the days the sink wrote (documents are complete days only).
 * `replace`: the output was replaced whole, so the old bookmarks no longer describe it.
 */
export async function moveBookmarks(
  at: BookmarkStart,
  documents: readonly UsageDeltaDocument[],
  write: SinkWrite,
  replace: boolean,
): Promise<Map<string, string>> {
  if (at.store === undefined || write.notWritten === "all") return new Map();
  const moved = movedBookmarks(replace ? new Map() : at.previous, writtenDays(documents, write.notWritten));
  await at.store.write(moved, replace);
  return moved;
}

/** The summary's line about the bookmarks. */
export function formatBookmarks(at: BookmarkStart, moved: ReadonlyMap<string, string>): string {
  if (at.store === undefined) return "";
  const days = [...new Set(moved.values())].sort();
  const where = at.store.location;
  if (moved.size === 0) return `  bookmarks           unchanged (${where})\n`;
  return `  bookmarks           ${moved.size} moved to ${days.length === 1 ? days[0] : `${days[0]} .. ${days[days.length - 1]}`} (${where})\n`;
}
