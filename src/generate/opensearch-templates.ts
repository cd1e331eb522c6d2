// The indices a generated dataset goes into, shaped like an InvenioRDM instance's: the
// index templates of the two event index families and of the membership events (typed
// copies of invenio-stats-dashboard's, held equal to test/fixtures/dashboard-templates by
// test/opensearch/generate-to-opensearch.test.ts, without the `analysis` settings the
// minimal distribution cannot load), and a records index of our own.

type Field = Record<string, unknown>;

const keyword: Field = { type: "keyword" };
const boolean: Field = { type: "boolean" };
const localized: Field = { type: "object", dynamic: "true" };
const keywords = (...names: string[]): Record<string, Field> => Object.fromEntries(names.map((name) => [name, keyword]));
const object = (properties: Record<string, Field>): Field => ({ type: "object", properties });
const identifiers: Field = { properties: keywords("identifier", "scheme") };

/** Fields of both event families, in the reference's order (view events). */
function eventProperties(): Record<string, Field> {
  return {
    timestamp: { type: "date", format: "strict_date_hour_minute_second" },
    ...keywords("labels", "country", "visitor_id"),
    is_machine: boolean,
    is_robot: boolean,
    ...keywords(
      "unique_id",
      "unique_session_id",
      "referrer",
      "ip_address",
      "user_agent",
      "user_id",
      "session_id",
      "record_id",
      "recid",
      "parent_id",
      "parent_recid",
    ),
    via_api: boolean,
    community_ids: keyword,
    resource_type: object({ ...keywords("@v", "id"), title: localized, props: object(keywords("type", "subtype")) }),
    access_status: keyword,
    publisher: keyword,
    languages: object({ ...keywords("@v", "id"), title: localized }),
    subjects: object(keywords("@v", "id", "subject", "scheme")),
    rights: object({
      ...keywords("@v", "id"),
      title: localized,
      description: localized,
      props: object(keywords("url", "scheme")),
      link: { type: "keyword", index: false },
      icon: { type: "keyword", index: false },
    }),
    affiliations: object({ ...keywords("@v", "id", "name"), identifiers }),
    funders: object({ ...keywords("@v", "id", "name"), identifiers }),
    journal_title: keyword,
    file_types: keyword,
    updated_timestamp: { type: "date" },
  };
}

const STRICT = { date_detection: false, dynamic: "strict", numeric_detection: false } as const;

const DOWNLOAD_DATE_RULE = [
  { date_fields: { match_mapping_type: "date", unmatch: "_id", mapping: { type: "date", format: "strict_date_hour_minute_second" } } },
];

export interface IndexTemplate {
  index_patterns: string[];
  template: { settings: { index: Record<string, unknown> }; mappings: Record<string, unknown>; aliases: Record<string, object> };
  priority: number;
  version: number;
  _meta: { description: string };
}

export type EventFamily = "record-view" | "file-download";

export const EVENT_FAMILIES: readonly EventFamily[] = ["record-view", "file-download"];

/** `<prefix>events-stats-<family>`: the alias; its monthly indices add `-YYYY-MM`. */
export function eventAlias(prefix: string, family: EventFamily): string {
  return `${prefix}events-stats-${family}`;
}

export const MEMBERSHIP_BASE = "stats-community-events";
export const RECORDS_ALIAS = "rdmrecords-records";
/** InvenioRDM puts the records behind an alias on a versioned index; so do we. */
export const RECORDS_INDEX = "rdmrecords-records-record-v1.0.0";

/** The reference's settings; replicas 0 by default: a single node cannot place a replica. */
function settings(replicas: number): { index: Record<string, unknown> } {
  return { index: { refresh_interval: "5s", number_of_shards: 1, number_of_replicas: replicas } };
}

export function eventTemplate(prefix: string, family: EventFamily, replicas = 0): IndexTemplate {
  const properties = eventProperties();
  const download = family === "file-download";
  return {
    index_patterns: [`${eventAlias(prefix, family)}-*`],
    template: {
      settings: settings(replicas),
      mappings: {
        // The download template carries a date rule; inert under `dynamic: strict`, kept to stay a copy.
        ...(download ? { dynamic_templates: DOWNLOAD_DATE_RULE } : {}),
        ...STRICT,
        properties: download ? { ...properties, ...keywords("bucket_id", "file_id", "file_key"), size: { type: "long" } } : properties,
      },
      aliases: { [eventAlias(prefix, family)]: {} },
    },
    priority: 110,
    version: 2,
    _meta: {
      description: download
        ? "File Download Events v2.0.0 with enriched metadata fields for invenio-stats-dashboard"
        : "Record View Events v2.0.0 with enriched metadata fields for invenio-stats-dashboard",
    },
  };
}

export function membershipTemplate(prefix: string, replicas = 0): IndexTemplate {
  const date: Field = { type: "date", format: "strict_date_optional_time" };
  return {
    index_patterns: [`${prefix}${MEMBERSHIP_BASE}-*`],
    template: {
      settings: settings(replicas),
      mappings: {
        ...STRICT,
        properties: {
          ...keywords("record_id", "community_id", "event_type"),
          event_date: date,
          record_created_date: date,
          record_published_date: date,
          is_deleted: boolean,
          deleted_date: date,
          timestamp: date,
          updated_timestamp: date,
        },
      },
      aliases: { [`${prefix}${MEMBERSHIP_BASE}`]: {} },
    },
    priority: 100,
    version: 1,
    _meta: { description: "Community events index for tracking when records are added to or removed from communities." },
  };
}

/**
 * Records carry arbitrary metadata: the whole document is kept in `_source`, only what
 * is searched is mapped (`id` for the source's `terms` lookups), nothing else is indexed.
 */
export function recordsIndexBody(prefix: string, replicas = 0): object {
  return {
    settings: { index: { number_of_shards: 1, number_of_replicas: replicas } },
    mappings: {
      dynamic: false,
      // `updated` as InvenioRDM maps it: the metadata cache asks which records changed since.
      properties: { id: keyword, updated: { type: "date" }, parent: { properties: { id: keyword, communities: { properties: { ids: keyword } } } } },
    },
    aliases: { [`${prefix}${RECORDS_ALIAS}`]: {} },
  };
}
