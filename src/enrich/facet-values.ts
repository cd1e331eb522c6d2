// Reading subcount values (id + label) out of an event's enrichment fields or out of an
// InvenioRDM record document. One reader per label kind, shared by the record index
// (built once) and the chunk encoder (per event), so both sides read values alike.

import { canonicalJson } from "../model/canonical-json.js";
import { KEY_INDEX, SUBCOUNT_KEYS, type LabelKind } from "../model/subcount-keys.js";

/** Receives one value: its id and its label as canonical JSON text (undefined: no label, no vote). */
export type FacetSink = (id: string, labelJson: string | undefined) => void;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A value that may be one item or a list of items. */
function forEachItem(raw: unknown, visit: (item: unknown) => void): void {
  if (Array.isArray(raw)) for (const item of raw) visit(item);
  else if (raw !== undefined && raw !== null) visit(raw);
}

/**
 * A title is an object of strings (`{lang: text}`); anything else carries no label. The
 * same few titles recur on every event, so their canonical text (or their being no
 * title, null) is remembered by their plain text.
 */
function titleJson(title: unknown): string | undefined {
  if (!isObject(title)) return undefined;
  const plain = JSON.stringify(title);
  let canonical = canonicalTitles.get(plain);
  if (canonical === undefined) {
    if (canonicalTitles.size >= 10_000) canonicalTitles.clear();
    canonical = Object.values(title).every((text) => typeof text === "string") ? canonicalJson(title) : null;
    canonicalTitles.set(plain, canonical);
  }
  return canonical ?? undefined;
}

const canonicalTitles = new Map<string, string | null>();

// A plain string item is an id without a label, whatever the key.
const READERS: Record<LabelKind, (item: unknown, sink: FacetSink) => void> = {
  // {id, title: {lang: text}}: the label is the title object.
  title(item, sink) {
    if (typeof item === "string") return READERS.id(item, sink);
    if (!isObject(item)) return;
    const id = nonEmptyString(item.id);
    if (id !== undefined) sink(id, titleJson(item.title));
  },
  // {id?, name}: the id, or the name where there is no id; the label is the name.
  name(item, sink) {
    if (typeof item === "string") return READERS.id(item, sink);
    if (!isObject(item)) return;
    const name = nonEmptyString(item.name);
    const id = nonEmptyString(item.id) ?? name;
    if (id !== undefined) sink(id, name === undefined ? undefined : JSON.stringify(name));
  },
  // A plain string that is its own label.
  id(item, sink) {
    const id = nonEmptyString(item);
    if (id !== undefined) sink(id, undefined);
  },
};

/** The values of subcount key `keyIndex` carried by an event field value. */
export function readEventFacet(keyIndex: number, raw: unknown, sink: FacetSink): void {
  const read = READERS[SUBCOUNT_KEYS[keyIndex].labelKind];
  forEachItem(raw, (item) => read(item, sink));
}

/** Lower-case extension of a file key: after the last dot of the last path segment, unless that dot starts it. */
export function fileExtension(fileKey: string): string | undefined {
  const name = fileKey.slice(fileKey.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** The values of subcount key `keyIndex` of an InvenioRDM record document (SPEC 1.2). */
export function readRecordFacet(keyIndex: number, record: Json, sink: FacetSink): void {
  const metadata = isObject(record.metadata) ? record.metadata : {};
  const read = READERS[SUBCOUNT_KEYS[keyIndex].labelKind];
  const each = (raw: unknown) => forEachItem(raw, (item) => read(item, sink));
  switch (keyIndex) {
    case KEY_INDEX.resourceTypes: return each(metadata.resource_type);
    case KEY_INDEX.accessStatuses: return each(isObject(record.access) ? record.access.status : undefined);
    case KEY_INDEX.languages: return each(metadata.languages);
    case KEY_INDEX.rights: return each(metadata.rights);
    case KEY_INDEX.funders:
      return forEachItem(metadata.funding, (funding) => { if (isObject(funding)) each(funding.funder); });
    case KEY_INDEX.affiliations:
      for (const people of [metadata.creators, metadata.contributors]) {
        forEachItem(people, (person) => { if (isObject(person)) each(person.affiliations); });
      }
      return;
    case KEY_INDEX.publishers: return each(metadata.publisher);
    case KEY_INDEX.periodicals: {
      const fields = isObject(record.custom_fields) ? record.custom_fields : {};
      const journal = fields["journal:journal"];
      return each(isObject(journal) ? journal.title : undefined);
    }
    case KEY_INDEX.countries: return; // a property of the visit, never of the record
    case KEY_INDEX.fileTypes: return readRecordFileTypes(record, sink);
  }
}

// files.entries[*].ext, else files.types[], else the extensions of the entry keys; lower case.
function readRecordFileTypes(record: Json, sink: FacetSink): void {
  const files = isObject(record.files) ? record.files : {};
  const entries = isObject(files.entries) ? files.entries : undefined;
  const emit = (ext: unknown) => { const id = nonEmptyString(ext); if (id !== undefined) sink(id.toLowerCase(), undefined); };
  if (entries !== undefined) {
    const values = Object.values(entries);
    if (values.some((entry) => isObject(entry) && nonEmptyString(entry.ext) !== undefined)) {
      for (const entry of values) if (isObject(entry)) emit(entry.ext);
      return;
    }
  }
  if (Array.isArray(files.types)) {
    for (const type of files.types) emit(type);
    return;
  }
  if (entries !== undefined) for (const key of Object.keys(entries)) emit(fileExtension(key));
}
