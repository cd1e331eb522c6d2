// Random small datasets for property tests: tiny vocabularies so that visitors, records,
// parents, facet ids and labels collide, and every rule of SPEC + README decisions is hit.

import fc from "fast-check";
import {
  ACCESS_STATUSES,
  AFFILIATIONS,
  COMMUNITY_POOL,
  COUNTRIES,
  DATASET_DAYS,
  FILE_KEYS,
  FILE_TYPES,
  FUNDERS,
  JOURNALS,
  LANGUAGES,
  MEMBERSHIP_DAYS,
  PARENT_POOL,
  PUBLISHERS,
  RECORD_POOL,
  RESOURCE_TYPES,
  RIGHTS,
  listOrSingle,
  membershipArb,
  optionalFields,
  recordsArb,
  type Json,
} from "./metadata-arbitrary.js";
import type { ReferenceInput, ReferenceOptions } from "./reference-types.js";

export interface DatasetArbitraryOptions {
  /** Also generate invalid lines (one fault each) and blank lines. */
  invalid?: boolean;
  /**
   * Busy records: each file's lines are a few events repeated with other visitors, parents
   * and files, so most events share their group key (src/group/event-keys.ts) with many
   * others, some keys with mixed parents, files or (unknown) records.
   */
  busy?: boolean;
}

// ---- events

function timestampArb(days: string[]): fc.Arbitrary<string> {
  const time = fc.oneof(
    fc.constantFrom("00:00:00", "23:59:59", "12:00:00", "01:30:00", "22:30:00"),
    fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
      .map((parts) => parts.map((part) => String(part).padStart(2, "0")).join(":")),
  );
  return fc
    .record({
      day: fc.constantFrom(...days),
      separator: fc.constantFrom("T", "T", "T", " "),
      time,
      fraction: fc.constantFrom("", "", ".0", ".5", ".999999", ".123"),
      zone: fc.constantFrom("", "", "", "Z", "+02:00", "-05:00", "+0200", "-00:00"),
      noSeconds: fc.integer({ min: 0, max: 9 }),
    })
    .map(({ day, separator, time: t, fraction, zone, noSeconds }) =>
      noSeconds === 0 ? `${day}${separator}${t.slice(0, 5)}${zone}` : `${day}${separator}${t}${fraction}${zone}`,
    );
}

const facetFieldsArb = optionalFields({
  resource_type: fc.oneof(fc.constantFrom(...RESOURCE_TYPES), fc.constant(null)),
  access_status: fc.constantFrom(...ACCESS_STATUSES, null),
  languages: listOrSingle(LANGUAGES),
  rights: listOrSingle(RIGHTS),
  funders: listOrSingle(FUNDERS),
  affiliations: listOrSingle(AFFILIATIONS),
  publisher: fc.constantFrom(...PUBLISHERS, null),
  journal_title: fc.constantFrom(...JOURNALS, null),
  file_types: listOrSingle(FILE_TYPES),
  subjects: fc.constant([{ id: "s1", subject: "Physics" }]),
});

interface EventContext {
  days: string[];
  communities: string[];
  recids: (string | number)[];
}

function eventArb(ctx: EventContext, type: "view" | "download"): fc.Arbitrary<Json> {
  const common = optionalFields({
    parent_recid: fc.constantFrom(...PARENT_POOL),
    parent_id: fc.constantFrom(...PARENT_POOL),
    visitor_id: fc.constantFrom("v1", "v2", "v3", "v4", "v1", "v2", null, ""),
    unique_session_id: fc.constantFrom("s1", "s2"),
    country: fc.constantFrom(...COUNTRIES, null),
    referrer: fc.constantFrom("https://example.org", null),
    is_robot: fc.constantFrom(false, false, false, false, true),
    is_machine: fc.constantFrom(false, false, false, true),
    via_api: fc.constantFrom(false, false, false, true),
    community_ids: fc.oneof(fc.constant([]), fc.subarray([...ctx.communities, "cx"]), fc.constant(null)),
  });
  const downloadFields = optionalFields({
    file_id: fc.constantFrom("file-a", "file-b", "file-c"),
    file_key: fc.constantFrom(...FILE_KEYS),
    bucket_id: fc.constant("bucket-1"),
    size: fc.constantFrom(0, 1, 100, 1024, null),
  });
  // A view may carry a size (ignored on views, even when not a valid size).
  const viewFields = optionalFields({ size: fc.constantFrom(5, "abc", -1) });
  return fc
    .record({
      timestamp: timestampArb(ctx.days),
      recidField: fc.constantFrom("recid", "recid", "recid", "record_id", "pid_value"),
      // Older invenio-stats record views: the PID in pid_value, the record's UUID in record_id.
      pidType: fc.constantFrom<unknown>(undefined, "recid", "recid", null, "doi", 5),
      recid: fc.constantFrom(...ctx.recids),
      common,
      typed: type === "download" ? downloadFields : viewFields,
      facets: fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: facetFieldsArb }),
      explicitType: fc.constantFrom("none", "none", "none", "same", "other"),
    })
    .map(({ timestamp, recidField, pidType, recid, common: c, typed, facets, explicitType }) => {
      const event: Json = { timestamp, [recidField]: recid, ...c, ...typed, ...facets };
      if (recidField === "pid_value") {
        event.record_id = `uuid-${String(recid)}`;
        if (pidType !== undefined) event.pid_type = pidType;
      }
      // The `type` field wins over the file; "other" puts a view in the downloads file and vice versa.
      const other = type === "view" ? "download" : "view";
      if (explicitType === "same") event.type = type;
      if (explicitType === "other") {
        event.type = other;
        // A download needs a valid size; a view ignores it.
        if (other === "download") event.size = 7;
      }
      return event;
    });
}

/** A line with exactly one fault (its reason is never in doubt), or a blank line. */
function invalidLineArb(ctx: EventContext, type: "view" | "download"): fc.Arbitrary<string> {
  const base = eventArb(ctx, type).map((event) => {
    const { type: _ignored, ...rest } = event;
    return { ...rest, size: 10 };
  });
  return fc.oneof(
    fc.constantFrom('{"timestamp": "2024-02-28T10:00:00", "recid": ', "not json", "{'recid': 'r1'}", "{"),
    fc.constantFrom("[]", "3", '"x"', "null", "true", '[{"recid":"r1"}]'),
    fc
      .record({
        event: base,
        bad: fc.constantFrom<unknown>(
          "2024-02-30T10:00:00",
          "2024-02-28",
          "28/02/2024 10:00",
          "2024-02-28T24:00:00",
          "2024-02-28t10:00:00",
          1709114400,
          null,
          undefined,
        ),
      })
      .map(({ event, bad }) => JSON.stringify({ ...event, timestamp: bad })),
    fc
      .record({ event: base, bad: fc.constantFrom<unknown>("", null, undefined, true) })
      .map(({ event, bad }) => JSON.stringify({ ...event, recid: bad, record_id: undefined, pid_value: undefined })),
    fc
      .record({ event: base, bad: fc.constantFrom<unknown>(-1, "100", 1.5, true) })
      .map(({ event, bad }) => JSON.stringify({ ...event, type: "download", size: bad })),
    fc.record({ event: base, bad: fc.constantFrom<unknown>("click", "", 5, "View") }).map(({ event, bad }) => JSON.stringify({ ...event, type: bad })),
    fc.constantFrom("", "   ", "\t"),
  );
}

/** A few events (busy: see DatasetArbitraryOptions), each repeated with another visitor, maybe another parent and file. */
function busyLinesArb(ctx: EventContext, type: "view" | "download"): fc.Arbitrary<string[]> {
  const repeat = fc.record({
    visitor: fc.constantFrom("v1", "v2", "v3"),
    parent: fc.constantFrom(undefined, undefined, ...PARENT_POOL),
    file: fc.constantFrom(undefined, undefined, "file-a", "file-b"),
  });
  return fc.array(eventArb(ctx, type), { minLength: 1, maxLength: 3 }).chain((events) =>
    fc.array(fc.tuple(fc.nat(events.length - 1), repeat), { maxLength: 60 }).map((picks) =>
      picks.map(([pick, { visitor, parent, file }]) => {
        const event: Json = { ...(events[pick] as Record<string, Json>), visitor_id: visitor };
        if (parent !== undefined) event.parent_recid = parent;
        if (file !== undefined) event.file_id = file;
        return JSON.stringify(event);
      }),
    ),
  );
}

function linesArb(ctx: EventContext, type: "view" | "download", invalid: boolean): fc.Arbitrary<string[]> {
  const valid = eventArb(ctx, type).map((event) => JSON.stringify(event));
  const line = invalid ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: invalidLineArb(ctx, type) }) : valid;
  return fc.array(line, { maxLength: 30, size: "medium" });
}

/** Small datasets (0-60 event lines, 0-12 records, 0-4 communities, 1-4 days) that hit every rule. */
export function datasetArbitrary(opts: DatasetArbitraryOptions = {}): fc.Arbitrary<ReferenceInput> {
  const shape = fc.record({
    dayCount: fc.integer({ min: 1, max: 4 }),
    communityCount: fc.integer({ min: 0, max: 4 }),
    recordCount: fc.integer({ min: 0, max: 12 }),
  });
  return shape.chain(({ dayCount, communityCount, recordCount }) => {
    const days = DATASET_DAYS.slice(0, dayCount);
    const communities = COMMUNITY_POOL.slice(0, communityCount);
    const recordIds = RECORD_POOL.slice(0, recordCount);
    // Known ids (weighted x3), the number 7 (= record "7" when it exists), and unknown records
    // ("r-gone" also has membership events).
    const ctx: EventContext = { days, communities, recids: [...recordIds, ...recordIds, ...recordIds, 7, "r-gone", "r-unknown", 404] };
    const lines = (type: "view" | "download") => (opts.busy === true ? busyLinesArb(ctx, type) : linesArb(ctx, type, opts.invalid === true));
    return fc.record({
      views: lines("view"),
      downloads: lines("download"),
      records: recordsArb(recordIds, communities),
      membership: membershipArb(recordIds, communities).map((events): unknown[] => events),
    });
  });
}

/** Run options: default or cut ranges (one-sided, no events at all), explicit community lists, filter flags. */
export const optionsArbitrary: fc.Arbitrary<ReferenceOptions> = fc
  .record({
    range: fc.oneof(
      { weight: 4, arbitrary: fc.constant({}) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.integer({ min: 0, max: MEMBERSHIP_DAYS.length - 1 }), fc.integer({ min: 0, max: 3 })).map(([first, length]) => ({
          start: MEMBERSHIP_DAYS[first],
          end: MEMBERSHIP_DAYS[Math.min(first + length, MEMBERSHIP_DAYS.length - 1)],
        })),
      },
      { weight: 1, arbitrary: fc.constantFrom(...DATASET_DAYS).map((start) => ({ start })) },
      { weight: 1, arbitrary: fc.constantFrom(...DATASET_DAYS).map((end) => ({ end })) },
      { weight: 1, arbitrary: fc.constant({ start: "2024-03-10", end: "2024-03-11" }) },
    ),
    communities: fc.option(fc.subarray(["c1", "c2", "c3", "cx", "c-old", "c-none", "global"]), { nil: undefined }),
    includeRobots: fc.boolean(),
    excludeMachines: fc.constantFrom(false, false, true),
    excludeApi: fc.constantFrom(false, false, true),
    eventCommunitiesOnly: fc.constantFrom(false, false, false, true),
  })
  .map(({ range, communities, ...flags }) => {
    const options: ReferenceOptions = { ...range, ...flags };
    if (communities !== undefined) options.communities = communities;
    return options;
  });
