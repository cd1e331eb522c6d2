// Reading subcount values (id + label) out of an event's enrichment fields or out of an
// InvenioRDM record document, as the facet table (model/facets.ts) says: one reader per
// facet, shared by the record index (built once) and the chunk encoder (per event), so
// both sides read values alike.

import { canonicalJson } from "../model/canonical-json.js";
import { FACETS, FILES_RULE, type FacetSpec, type LabelSpec } from "../model/facets.js";

/** Receives one value: its id and its label as canonical JSON text (undefined: no label, no vote). */
export type OnFacetItem = (id: string, labelJson: string | undefined) => void;

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

/** Reads one item of a value list: its id and label, by how the facet's items name themselves. */
type ItemReader = (item: unknown, visit: OnFacetItem) => void;

// A plain string item is an id without a label, whatever the key.
function readId(item: unknown, visit: OnFacetItem): void {
  const id = nonEmptyString(item);
  if (id !== undefined) visit(id, undefined);
}

function itemReader(label: LabelSpec): ItemReader {
  switch (label.kind) {
    // {id, [member]: {lang: text}}: the label is the title object.
    case "title":
      return (item, visit) => {
        if (typeof item === "string") return readId(item, visit);
        if (!isObject(item)) return;
        const id = nonEmptyString(item.id);
        if (id !== undefined) visit(id, titleJson(item[label.member]));
      };
    // {id?, [member]: text}: the id, or the name where there is no id; the label is the name.
    case "name":
      return (item, visit) => {
        if (typeof item === "string") return readId(item, visit);
        if (!isObject(item)) return;
        const name = nonEmptyString(item[label.member]);
        const id = nonEmptyString(item.id) ?? name;
        if (id !== undefined) visit(id, name === undefined ? undefined : JSON.stringify(name));
      };
    case "id":
      return readId;
  }
}

const READERS: readonly ItemReader[] = FACETS.map((facet: FacetSpec) => itemReader(facet.label));

/** The values of subcount key `keyIndex` carried by an event field value. */
export function readEventFacet(keyIndex: number, raw: unknown, visit: OnFacetItem): void {
  const read = READERS[keyIndex];
  forEachItem(raw, (item) => read(item, visit));
}

/** Lower-case extension of a file key: after the last dot of the last path segment, unless that dot starts it. */
export function fileExtension(fileKey: string): string | undefined {
  const name = fileKey.slice(fileKey.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** A record path's steps: `name` (a member of an object) or `name[]` (each item of a list, or the one object). */
interface PathStep {
  readonly member: string;
  readonly each: boolean;
}

/** Per key index: its record paths as steps, or the files rule. */
const RECORD_PATHS: readonly (readonly PathStep[][] | typeof FILES_RULE)[] = FACETS.map((facet: FacetSpec) =>
  facet.record === FILES_RULE
    ? FILES_RULE
    : facet.record.map((path) => path.split(".").map((step) => ({ member: step.replace(/\[\]$/, ""), each: step.endsWith("[]") }))),
);

/** Visits the value at `steps` from `value`: every step reads a member of an object; after an `each` step, of each item. */
function visitPath(value: unknown, steps: readonly PathStep[], at: number, visit: (raw: unknown) => void): void {
  if (at === steps.length) return visit(value);
  if (!isObject(value)) return;
  const child = value[steps[at].member];
  if (steps[at].each) forEachItem(child, (item) => visitPath(item, steps, at + 1, visit));
  else visitPath(child, steps, at + 1, visit);
}

/** The values of subcount key `keyIndex` of an InvenioRDM record document (SPEC 1.2). */
export function readRecordFacet(keyIndex: number, record: Json, visit: OnFacetItem): void {
  const paths = RECORD_PATHS[keyIndex];
  if (paths === FILES_RULE) return readRecordFileTypes(record, visit);
  const read = READERS[keyIndex];
  for (const steps of paths) visitPath(record, steps, 0, (raw) => forEachItem(raw, (item) => read(item, visit)));
}

// files.entries[*].ext, else files.types[], else the extensions of the entry keys; lower case.
function readRecordFileTypes(record: Json, visit: OnFacetItem): void {
  const files = isObject(record.files) ? record.files : {};
  const entries = isObject(files.entries) ? files.entries : undefined;
  const emit = (ext: unknown) => {
    const id = nonEmptyString(ext);
    if (id !== undefined) visit(id.toLowerCase(), undefined);
  };
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
