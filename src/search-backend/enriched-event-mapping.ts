// The temporary index of the `search` backend: one document per enriched event, the
// shape the production system indexes before it aggregates (see the seed analysis).

import { FACETS } from "../model/facets.js";

/** Fields of an enriched event document. Facet fields are named by their subcount key. */
export const EVENT_FIELDS = {
  community: "community",
  day: "day",
  type: "type",
  visitor: "visitor",
  record: "record",
  parent: "parent",
  file: "file",
  size: "size",
} as const;

/** The enriched event as indexed; absent fields are values the event does not have. */
export interface EnrichedEventDocument {
  /** The event's output communities, `global` first. */
  community: string[];
  day: string;
  type: "view" | "download";
  visitor?: string;
  record?: string;
  parent?: string;
  file?: string;
  size: number;
  /** One keyword list per subcount key: the event's facet ids. */
  [subcountKey: string]: string | number | string[] | undefined;
}

const keyword = { type: "keyword" } as const;

export function enrichedEventIndexBody() {
  return {
    settings: {
      index: {
        number_of_shards: 1,
        number_of_replicas: 0,
        // Nothing searches the index while it loads; one refresh at the end.
        refresh_interval: "-1",
      },
    },
    mappings: {
      dynamic: "strict",
      properties: {
        [EVENT_FIELDS.community]: keyword,
        [EVENT_FIELDS.day]: keyword,
        [EVENT_FIELDS.type]: keyword,
        [EVENT_FIELDS.visitor]: keyword,
        [EVENT_FIELDS.record]: keyword,
        [EVENT_FIELDS.parent]: keyword,
        [EVENT_FIELDS.file]: keyword,
        [EVENT_FIELDS.size]: { type: "long" },
        ...Object.fromEntries(FACETS.map((facet) => [facet.key, keyword])),
      },
    },
  };
}
