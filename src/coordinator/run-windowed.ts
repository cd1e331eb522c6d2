// The windowed run (bounded memory): a tallying scan (counts, rejects, label votes, the
// range, the communities, events per day; no event kept), then one pass per day window
// that keeps only its days, groups them and lets them go. A day's distinct sets are
// complete within its window, so windows stay exact.

import { LabelVotes } from "../merge/label-votes.js";
import { createRunDictionaries } from "../model/run-dictionaries.js";
import { formatDay } from "../model/day.js";
import { byCommunityThenDay, type UsageDeltaDocument } from "../model/document.js";
import type { SourceDayRange } from "../sources/event-source.js";
import { checkDocumentsFit } from "./documents-budget.js";
import { encodeEvents } from "./encode-events.js";
import { planGroups } from "./group-plan.js";
import { planWindows } from "./plan-windows.js";
import { encodeConfig, groupDays, resolveRange, stopwatch, type RunContext, type RunOutcome } from "./run-context.js";
import { RunInterrupted, throwIfStopped } from "../model/run-interruption.js";
import type { SearchBackendReport } from "../search-backend/group-with-search.js";
import { windowDeadline } from "./window-deadline.js";
import { formatCount } from "../model/format-count.js";

// For tests of timeouts and interruptions: a pause before each day window, so that a run
// outlasts its --timeout however fast the machine (set by tests only; not a user option).
const TEST_WINDOW_DELAY_MS = Number(process.env.USAGE_DELTA_TEST_WINDOW_DELAY_MS ?? 0);

export async function runWindowed(ctx: RunContext, windowEvents: number): Promise<RunOutcome> {
  const clock = stopwatch();
  // The scan: everything that needs every event, keeping none of them.
  const scanRun = createRunDictionaries(ctx.strings);
  const votes = new LabelVotes();
  const pass = await encodeEvents({
    source: ctx.source,
    transport: ctx.transport,
    index: ctx.index,
    config: encodeConfig(ctx, { startDay: 1, endDay: 0 }, true),
    chunkSize: ctx.options.chunkSize,
    range: ctx.range,
    run: scanRun,
    votes,
    onReject: ctx.hooks.onReject,
    onChunk: (events) => ctx.progress("scan", events),
    checkStop: () => throwIfStopped(ctx.hooks.signal),
  });
  let encodeMs = clock.lap();
  let groupMs = 0;
  const days = resolveRange(ctx.range, pass);
  if (days === null) return { pass, days, communities: 0, documents: [], windows: 0, encodeMs, groupMs };
  const labels = votes.winners(scanRun.labelPair);
  const communityNames = planGroups(days.startDay, days.endDay, ctx.options.communities, scanRun, pass.eventsPerDay, ctx.index).communities;
  checkDocumentsFit(communityNames.length, days.endDay - days.startDay + 1, ctx.guard.budgetBytes, ctx.floorBytes);
  const documents: UsageDeltaDocument[] = [];
  let search: SearchBackendReport | undefined;
  let windowCount = 0;
  let limit = windowEvents;
  let halvings = 0;
  let guardGaveUp = false;
  let next = days.startDay;
  while (next <= days.endDay) {
    const planned = planWindows({ startDay: next, endDay: days.endDay }, pass.eventsPerDay, limit);
    const [window] = planned;
    const at = { window: { index: windowCount + 1, count: windowCount + planned.length, start: formatDay(window.startDay), end: formatDay(window.endDay) } };
    const windowTotal = eventsIn(window, pass.eventsPerDay);
    if (TEST_WINDOW_DELAY_MS > 0) await new Promise((resolve) => setTimeout(resolve, TEST_WINDOW_DELAY_MS));
    try {
      throwIfStopped(ctx.hooks.signal);
    } catch (error) {
      if (!(error instanceof RunInterrupted)) throw error;
      // Stop cleanly: the documents of complete windows stand, the rest is reported.
      return finish({ reason: error.reason, notDone: { start: formatDay(window.startDay), end: formatDay(days.endDay) } });
    }
    // A single day over the budget cannot be bounded by windows: with the planner in
    // charge and a cluster at hand, that day goes to the search backend.
    const tooBig = windowTotal > limit || guardGaveUp;
    const backend = tooBig && ctx.autoBackend && ctx.hooks.search !== undefined ? "search" : ctx.backend;
    if (backend !== ctx.backend)
      ctx.note(
        `${formatDay(window.startDay)}..${formatDay(window.endDay)}: ${formatCount(windowTotal)} events, more than memory allows: these days go to the search backend`,
      );
    // Fresh dictionaries per window: visitor ids are salted daily, so they would only grow.
    const run = createRunDictionaries(ctx.strings);
    const deadline = windowDeadline(ctx.hooks.signal, ctx.options.windowTimeoutMs);
    const kept = await encodeEvents({
      source: ctx.source,
      transport: ctx.transport,
      index: ctx.index,
      config: encodeConfig(ctx, window, false),
      chunkSize: ctx.options.chunkSize,
      range: window,
      run,
      votes: new LabelVotes(),
      onChunk: (events) => ctx.progress("events", events, at),
      checkStop: () => throwIfStopped(deadline.signal),
    }).catch((error: unknown) => {
      if (error instanceof RunInterrupted) return error;
      throw error;
    });
    const overtime = (what: string) =>
      ctx.note(`day window ${formatDay(window.startDay)}..${formatDay(window.endDay)} took longer than --community-timeout: ${what}`);
    if (kept instanceof RunInterrupted) {
      deadline.dispose();
      if (deadline.expired()) overtime("stopped, its days are not written");
      return finish({ reason: kept.reason, notDone: { start: formatDay(window.startDay), end: formatDay(days.endDay) } });
    }
    encodeMs += clock.lap();
    const plan = planGroups(window.startDay, window.endDay, communityNames, run, pass.eventsPerDay, ctx.index);
    ctx.progress("group", windowTotal, at);
    const grouped = await groupDays(ctx, backend, kept.chunks, run, plan, labels);
    deadline.dispose(); // (left to expire on an error: the run ends anyway)
    documents.push(...grouped.documents);
    search = grouped.search ?? search;
    groupMs += clock.lap();
    windowCount++;
    next = window.endDay + 1;
    if (deadline.expired() && next <= days.endDay) {
      overtime("its days are written, the run stops after it");
      return finish({ reason: "timeout", notDone: { start: formatDay(next), end: formatDay(days.endDay) } });
    }
    if (ctx.guard.overBudget() && !guardGaveUp) {
      // Smaller windows help when held events are the cost; when RSS stays up anyway
      // (heaps the collector has not returned), more halving only adds passes.
      if (halvings < MAX_HALVINGS) {
        halvings++;
        limit = Math.max(1, Math.floor(limit / 2));
        ctx.note(
          `memory guard: RSS ${Math.round(ctx.guard.sample() / 2 ** 20)} MiB over the budget after a window; next windows hold at most ${formatCount(limit)} events`,
        );
      } else {
        guardGaveUp = true;
        ctx.note(
          `memory guard: RSS still over the budget after ${MAX_HALVINGS} smaller windows; ${ctx.autoBackend && ctx.hooks.search !== undefined ? "the remaining days go to the search backend" : "going on (no search backend to hand over to)"}`,
        );
      }
    }
  }
  return finish(undefined);

  function finish(incomplete: RunOutcome["incomplete"]): RunOutcome {
    // Windows come day-major; documents go out by community, then day.
    documents.sort(byCommunityThenDay);
    return { pass, days, communities: communityNames.length, documents, windows: windowCount, encodeMs, groupMs, search, incomplete };
  }
}

const MAX_HALVINGS = 3;

function eventsIn(window: SourceDayRange, eventsPerDay: ReadonlyMap<number, number>): number {
  let events = 0;
  for (let day = window.startDay; day <= window.endDay; day++) events += eventsPerDay.get(day) ?? 0;
  return events;
}
