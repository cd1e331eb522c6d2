// The single pass: every counted event is kept, then all days are grouped at once. The
// memory guard can give it up (RSS over the budget), and the run starts over windowed.

import type { RejectedLine } from "../model/chunk-types.js";
import { LabelVotes } from "../merge/label-votes.js";
import { createRunDictionaries } from "../model/run-dictionaries.js";
import { checkDocumentsFit } from "./documents-budget.js";
import { encodeEvents } from "./encode-events.js";
import { planGroups } from "./group-plan.js";
import { MEASURED } from "./plan-run.js";
import { encodeConfig, groupDays, resolveRange, stopwatch, type RunContext, type RunOutcome } from "./run-context.js";
import { throwIfStopped } from "../model/run-interruption.js";
import { windowDeadline } from "./window-deadline.js";
import { formatCount } from "../model/format-count.js";

export async function runSinglePass(ctx: RunContext): Promise<RunOutcome> {
  const clock = stopwatch();
  const run = createRunDictionaries(ctx.strings);
  const votes = new LabelVotes();
  // Rejects wait until the pass is known to finish: a pass given up for memory is redone.
  const rejects: RejectedLine[] = [];
  // --community-timeout: one pass is one window (the whole range).
  const deadline = windowDeadline(ctx.hooks.signal, ctx.options.windowTimeoutMs);
  const pass = await encodeEvents({
    source: ctx.source,
    transport: ctx.transport,
    index: ctx.index,
    config: encodeConfig(ctx, null, true),
    chunkSize: ctx.options.chunkSize,
    range: ctx.range,
    run,
    votes,
    onReject: (reject) => rejects.push(reject),
    onChunk: (events) => ctx.progress("events", events),
    checkStop: () => throwIfStopped(deadline.signal),
    shouldYield: () => ctx.guard.overBudget() && startOver(ctx),
  }).finally(() => deadline.dispose());
  const encodeMs = clock.lap();
  if (pass.stoppedEarly) {
    // The memory guard: held events cost more than planned. Measure, then go windowed.
    const held = Math.max(1, pass.counts.counted);
    const perEvent = Math.max(1, (ctx.guard.sample() - MEASURED.baseBytes) / held);
    const windowEvents = Math.max(1, Math.floor(held / 2), Math.floor((ctx.guard.budgetBytes - MEASURED.baseBytes) / perEvent / 2));
    ctx.note(
      `memory guard: RSS ${Math.round(ctx.guard.sample() / 2 ** 20)} MiB over the budget after ${formatCount(held)} events; starting over in day windows of at most ${formatCount(windowEvents)} events`,
    );
    return { pass, days: null, communities: 0, documents: [], windows: 0, encodeMs, groupMs: 0, restartWindowed: windowEvents };
  }
  for (const reject of rejects) ctx.hooks.onReject?.(reject);
  const days = resolveRange(ctx.range, pass);
  if (days === null) return { pass, days, communities: 0, documents: [], windows: 0, encodeMs, groupMs: clock.lap() };
  const plan = planGroups(days.startDay, days.endDay, ctx.options.communities, run, pass.eventsPerDay, ctx.index);
  checkDocumentsFit(plan.communities.length, plan.dayCount, ctx.guard.budgetBytes, ctx.floorBytes);
  ctx.progress("group", pass.counts.counted);
  throwIfStopped(deadline.signal);
  const grouped = await groupDays(ctx, ctx.backend, pass.chunks, run, plan, votes.winners(run.labelPair));
  return { pass, days, communities: plan.communities.length, documents: grouped.documents, windows: 1, encodeMs, groupMs: clock.lap(), search: grouped.search };
}

/** Whether the memory guard may give up this pass: not when the input can be read only once (said once). */
function startOver(ctx: RunContext): boolean {
  if (ctx.readOnce === undefined) return true;
  if (!ctx.notes.some((n) => n.startsWith("memory guard: RSS over the budget, but"))) {
    ctx.note(`memory guard: RSS over the budget, but ${ctx.readOnce} can be read only once: going on in one pass`);
  }
  return false;
}
