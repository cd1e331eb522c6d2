// The facet table (src/model/facets.ts) held to what it describes: the dashboard's templates
// (its subcount keys and label mappings, the event fields and how their items name
// themselves) and InvenioRDM's records (each record path finds values in the realistic
// fixtures). A wrong row fails here, not silently in a run.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRecordFacet } from "../../src/records/facet-values.js";
import { FACETS, FILES_RULE, type FacetSpec } from "../../src/model/facets.js";
import { usageDeltaMappings, type MappingField } from "../../src/opensearch/usage-delta-mappings.js";
import { EVENT_FIELD_NAMES } from "../../src/parse/event-fields.js";
import { RECORD_SOURCE_FIELDS } from "../../src/sources/opensearch-source-fields.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

interface TemplateField {
  type?: string;
  dynamic?: boolean | string;
  properties?: Record<string, TemplateField>;
}

function templateProperties(name: string): Record<string, TemplateField> {
  const template = JSON.parse(readFileSync(join(FIXTURES, "dashboard-templates", name), "utf8")) as {
    template: { mappings: { properties: Record<string, TemplateField> } };
  };
  return template.template.mappings.properties;
}

const DELTA_SUBCOUNTS = templateProperties("stats-community-usage-delta-v1.0.0.json").subcounts.properties ?? {};
const EVENT_TEMPLATES = ["record-view-v2.0.0.json", "file-download-v2.0.0.json"].map((name) => ({ name, fields: templateProperties(name) }));
const RECORDS = readFileSync(join(FIXTURES, "rdm-records", "records.ndjson"), "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A document as OpenSearch's `_source` includes cut it: the members on the dotted paths (through lists of objects). */
function sourceIncludes(value: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const path of paths) {
    const [member, ...rest] = path.split(".");
    if (!(member in value)) continue;
    const child = value[member];
    if (rest.length === 0) kept[member] = child;
    else kept[member] = cut(child, rest.join("."), kept[member]);
  }
  return kept;
}

function cut(child: unknown, rest: string, already: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(child))
    return child
      .filter(isObject)
      .map((item, i) => ({ ...(Array.isArray(already) && isObject(already[i]) ? already[i] : {}), ...sourceIncludes(item, [rest]) }));
  if (!isObject(child)) return undefined;
  return { ...(isObject(already) ? already : {}), ...sourceIncludes(child, [rest]) };
}

/** What a label of this kind is in the dashboard's usage-delta mapping. */
function expectedLabel(facet: FacetSpec): TemplateField {
  return facet.label.kind === "title" ? { type: "object", dynamic: true } : { type: "keyword" };
}

describe("the facet table", () => {
  it("has distinct keys and event fields", () => {
    expect(new Set(FACETS.map((facet) => facet.key)).size).toBe(FACETS.length);
    expect(new Set(FACETS.map((facet) => facet.eventField)).size).toBe(FACETS.length);
  });

  describe.each(FACETS.map((facet: FacetSpec) => [facet.key, facet] as const))("%s", (key, facet) => {
    it("is a subcount key of the dashboard's usage-delta template, its label mapped as the row's kind says", () => {
      expect(Object.keys(DELTA_SUBCOUNTS)).toContain(key);
      expect(DELTA_SUBCOUNTS[key].properties?.label).toEqual(expectedLabel(facet));
    });

    it("gets that same mapping from our copy of the template", () => {
      const subcounts = usageDeltaMappings().properties.subcounts.properties ?? {};
      const label: MappingField | undefined = subcounts[key]?.properties?.label;
      expect(label).toEqual(expectedLabel(facet));
    });

    it("reads an event field of both dashboard event templates, whose items name themselves as the row says", () => {
      for (const { name, fields } of EVENT_TEMPLATES) {
        const field = fields[facet.eventField];
        expect(field, `${name}: ${facet.eventField}`).toBeDefined();
        if (facet.label.kind === "id") {
          expect(field.type, `${name}: ${facet.eventField}`).toBe("keyword");
        } else {
          // An object with an id and the member that names it (title, name, subject...).
          expect(Object.keys(field.properties ?? {}), `${name}: ${facet.eventField}`).toEqual(expect.arrayContaining(["id", facet.label.member]));
        }
      }
    });

    it("finds values (some labelled, unless ids name themselves) on InvenioRDM's records where it reads records", () => {
      if (facet.record !== FILES_RULE && facet.record.length === 0) return;
      const keyIndex = FACETS.findIndex((row) => row.key === key);
      const values: [string, string | undefined][] = [];
      for (const record of RECORDS) readRecordFacet(keyIndex, record, (id, label) => values.push([id, label]));
      expect(values.length, key).toBeGreaterThan(0);
      if (facet.label.kind !== "id")
        expect(
          values.some(([, label]) => label !== undefined),
          key,
        ).toBe(true);
    });

    it("is asked of OpenSearch: its event field, and record fields that hold all it reads", () => {
      expect(EVENT_FIELD_NAMES).toContain(facet.eventField);
      const keyIndex = FACETS.findIndex((row) => row.key === key);
      const read = (record: Record<string, unknown>) => {
        const values: [string, string | undefined][] = [];
        readRecordFacet(keyIndex, record, (id, label) => values.push([id, label]));
        return values;
      };
      for (const record of RECORDS) expect(read(sourceIncludes(record, RECORD_SOURCE_FIELDS)), key).toEqual(read(record));
    });
  });
});
