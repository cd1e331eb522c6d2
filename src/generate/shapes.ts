// The shapes the generator writes: InvenioRDM record documents (SPEC 1.2), membership
// events (1.3, `stats-community-events`) and usage events (1.1, invenio-stats with the
// invenio-stats-dashboard enrichment fields). Types only.

export type Title = Record<string, string>;
export type AccessStatus = "open" | "restricted" | "embargoed" | "metadata-only";
export type EventType = "view" | "download";

export interface TitledTerm {
  id: string;
  title: Title;
}

/** Funders and affiliations: `id` is missing for free-text entries. */
export interface NamedTerm {
  id?: string;
  name: string;
}

export interface Subject {
  id?: string;
  subject: string;
  scheme?: string;
}

export interface Creator {
  person_or_org: { type: "personal" | "organizational"; name: string; given_name?: string; family_name?: string };
  affiliations?: NamedTerm[];
}

export interface FileEntryDocument {
  key: string;
  ext: string;
  size: number;
  mimetype: string;
  file_id: string;
}

export interface RecordFiles {
  enabled: boolean;
  entries?: Record<string, FileEntryDocument>;
  types?: string[];
  count?: number;
  total_bytes?: number;
}

export interface RecordMetadata {
  title: string;
  publication_date: string;
  resource_type: TitledTerm;
  languages?: TitledTerm[];
  rights?: TitledTerm[];
  funding?: { funder: NamedTerm; award?: { id: string; number: string; title: { en: string } } }[];
  creators: Creator[];
  contributors?: Creator[];
  publisher?: string;
  subjects?: Subject[];
}

export interface RecordDocument {
  id: string;
  pids: Record<"doi" | "oai", { identifier: string; provider: string; client?: string }>;
  parent: {
    id: string;
    communities: { ids: string[]; default?: string; entries: { id: string; slug: string; metadata: { title: string } }[] };
  };
  versions: { index: number; is_latest: boolean };
  created: string;
  updated: string;
  is_published: true;
  access: { record: "public"; files: "public" | "restricted"; embargo: { active: boolean; reason: null }; status: AccessStatus };
  files: RecordFiles;
  metadata: RecordMetadata;
  custom_fields: { "journal:journal"?: { title: string } };
}

export interface MembershipEvent {
  record_id: string;
  community_id: string;
  event_type: "added" | "removed";
  event_date: string;
  is_deleted: false;
  deleted_date: null;
}

/** What ingestion copies from the record onto an enriched event (null: the record has none). */
export interface EventFacets {
  resource_type: TitledTerm;
  access_status: AccessStatus;
  languages: TitledTerm[] | null;
  rights: TitledTerm[] | null;
  funders: NamedTerm[];
  affiliations: NamedTerm[];
  publisher: string | null;
  journal_title: string | null;
  file_types: string[] | null;
  subjects: Subject[] | null;
}

export interface EventDocument extends Partial<EventFacets> {
  timestamp: string;
  recid?: string;
  record_id?: string;
  parent_recid?: string;
  parent_id?: string;
  visitor_id: string;
  unique_session_id: string;
  unique_id: string;
  bucket_id?: string;
  file_id?: string;
  file_key?: string;
  size?: number;
  country: string | null;
  referrer: string | null;
  is_robot: boolean;
  is_machine: boolean;
  via_api: boolean;
  community_ids?: readonly string[];
}
