// Reference implementation of the whole run (SPEC + README decisions), for property tests:
// parse and validate lines -> date range -> filters -> enrich -> aggregate -> documents.
// Plain objects, Sets and Maps; every rule is commented where it is applied.

import type { UsageDeltaDocument } from "../../src/model/document.js";
import { accumulateEvent, buildDocument, type Accumulators } from "./build-documents.js";
import { eventCommunities, requestedCommunities } from "./event-communities.js";
import { eventFacets } from "./event-facets.js";
import { castVotes, emptyLabelVotes } from "./label-votes.js";
import { buildTimeline } from "./membership-timeline.js";
import type { CountedEvent } from "./metric-sets.js";
import { parseEventLine, type ValidEvent } from "./parse-event-line.js";
import { indexRecords, recordParent } from "./record-index.js";
import type { InputFile, ReferenceCounts, ReferenceInput, ReferenceOptions, ReferenceReject, ReferenceResult } from "./reference-types.js";
import { daysBetween, isDay } from "./utc-day.js";

export type { ReferenceCounts, ReferenceInput, ReferenceOptions, ReferenceReject, ReferenceResult } from "./reference-types.js";
export { canonicalJson } from "./canonical-json.js";
export { writeDatasetFiles } from "./write-dataset-files.js";

/**
 * The days of the run. Defaults: the first / last day of any valid event (whatever its robot
 * flag). Interpretation: a defaulted bound with no valid event, or a defaulted bound that
 * ends up before the other one, gives no day (no documents); explicit bounds must be real
 * days with start <= end, else the reference throws (a usage error, not data).
 */
function requestedDays(options: ReferenceOptions, validEvents: ValidEvent[]): string[] {
  for (const [name, value] of [
    ["start", options.start],
    ["end", options.end],
  ] as const) {
    if (value !== undefined && !isDay(value)) throw new Error(`option ${name}: not a day YYYY-MM-DD: ${value}`);
  }
  if (options.start !== undefined && options.end !== undefined && options.start > options.end) {
    throw new Error(`option start ${options.start} is after end ${options.end}`);
  }
  const eventDays = validEvents.map((event) => event.day).sort();
  const start = options.start ?? eventDays[0];
  const end = options.end ?? eventDays[eventDays.length - 1];
  if (start === undefined || end === undefined) return [];
  return daysBetween(start, end);
}

/** Step 1: every line of both files -> valid events; rejects in file order, views first. */
function readEvents(input: ReferenceInput, counts: ReferenceCounts, rejects: ReferenceReject[], runStart: Date): ValidEvent[] {
  const valid: ValidEvent[] = [];
  const files: [InputFile, string[], "view" | "download"][] = [
    ["views", input.views, "view"],
    ["downloads", input.downloads, "download"],
  ];
  for (const [file, lines, readKey] of files) {
    lines.forEach((text, index) => {
      const outcome = parseEventLine(text, file, index + 1, runStart);
      if (outcome.kind === "blank") return;
      counts.read[readKey] += 1;
      if (outcome.kind === "reject") {
        rejects.push({ file, line: index + 1, reason: outcome.reason });
        counts.rejected += 1;
      } else {
        valid.push(outcome.event);
      }
    });
  }
  return valid;
}

export function referenceAggregate(input: ReferenceInput, options: ReferenceOptions = {}): ReferenceResult {
  const counts: ReferenceCounts = {
    read: { view: 0, download: 0 },
    rejected: 0,
    outsideRange: 0,
    droppedRobot: 0,
    droppedMachine: 0,
    droppedApi: 0,
    unknownRecord: 0,
    counted: 0,
  };
  const rejects: ReferenceReject[] = [];
  const validEvents = readEvents(input, counts, rejects, options.runStart ?? new Date());
  const records = indexRecords(input.records);
  const timeline = buildTimeline(input.membership);
  const communities = requestedCommunities(options, validEvents, records, timeline);
  const days = requestedDays(options, validEvents);
  const inRange = new Set(days);

  const votes = emptyLabelVotes();
  const accumulators: Accumulators = new Map();
  for (const event of validEvents) {
    // README: validation first, then the date range (ignored, counted), then robot, machine, API;
    // an event dropped by one rule is counted under the first rule that drops it.
    if (!inRange.has(event.day)) {
      counts.outsideRange += 1;
      continue;
    }
    if (event.isRobot && options.includeRobots !== true) {
      counts.droppedRobot += 1;
      continue;
    }
    if (event.isMachine && options.excludeMachines === true) {
      counts.droppedMachine += 1;
      continue;
    }
    if (event.viaApi && options.excludeApi === true) {
      counts.droppedApi += 1;
      continue;
    }
    const record = records.get(event.recid);
    // Interpretation: the summary's unknown-record count is over counted events only.
    if (record === undefined) counts.unknownRecord += 1;
    counts.counted += 1;
    const counted: CountedEvent = {
      type: event.type,
      day: event.day,
      recid: event.recid,
      // SPEC: parent_recid, fallback parent_id, else the record's parent.id (none for an unknown record).
      parent: event.parentOnEvent ?? (record === undefined ? undefined : recordParent(record)),
      visitor: event.visitor,
      fileId: event.fileId,
      sizeBytes: event.sizeBytes,
      communities: eventCommunities(event, record, timeline, communities, options.eventCommunitiesOnly === true),
      facets: eventFacets(event, record),
    };
    // README: each counted event votes once, whatever its communities.
    castVotes(votes, counted.facets);
    accumulateEvent(accumulators, counted);
  }

  // SPEC: one document per requested community (and global) per day of the range, zeros included;
  // README: sorted by community_id (plain `<`), then period_start.
  const documents: UsageDeltaDocument[] = [];
  for (const community of [...communities].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const day of days) documents.push(buildDocument(accumulators, votes, community, day));
  }
  return { documents, rejects, counts };
}
