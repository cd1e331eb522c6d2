// Incremental runs: where a `--since-bookmark` run starts, and how far each community's
// bookmark (its last complete day written) moves once the documents are written. Pure:
// the stores are in src/sinks/bookmarks-*.ts, the wiring in src/cli/incremental-run.ts.

import { documentId, type UsageDeltaDocument } from "../model/document.js";
import { formatDay, parseDayString } from "../model/day.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import type { Bookmarks } from "../sinks/bookmark-store.js";

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
export function writtenDays(documents: readonly UsageDeltaDocument[], notWritten: ReadonlySet<string> = new Set()): Map<string, { first: string; last: string }> {
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
