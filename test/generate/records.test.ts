// records.ndjson holds InvenioRDM record documents (SPEC 1.2) with versions, communities
// and the multi-valued facets the engine reads, in the variety real repositories show.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInTemp, parseObjects, type GeneratedFiles } from "./dataset-fixture.js";

interface Named {
  id?: string;
  name: string;
}
interface RecordLine {
  id: string;
  parent: { id: string; communities: { ids: string[] } };
  access: { status: string };
  files: { enabled: boolean; entries?: Record<string, { ext: string; size: number }>; types?: string[] };
  updated: string;
  metadata: {
    resource_type: { id: string; title: Record<string, string> };
    languages?: { id: string; title: Record<string, string> }[];
    rights?: { id: string; title: Record<string, string> }[];
    funding?: { funder: Named }[];
    creators: { person_or_org: { name: string }; affiliations?: Named[] }[];
    contributors?: { person_or_org: { name: string }; affiliations?: Named[] }[];
    publisher?: string;
    subjects?: { id?: string; subject: string }[];
  };
  custom_fields: { "journal:journal"?: { title: string } };
}

describe("generated records", () => {
  let data: GeneratedFiles;
  let records: RecordLine[];

  beforeAll(async () => {
    data = await generateInTemp({ events: 2000, records: 800, communities: 5, seed: 5 });
    records = parseObjects(data.lines.records) as unknown as RecordLine[];
  });
  afterAll(() => data?.remove());

  it("has the SPEC 1.2 fields on every record", () => {
    expect(records.length).toBe(800);
    for (const record of records) {
      expect(typeof record.id).toBe("string");
      expect(typeof record.parent.id).toBe("string");
      expect(Array.isArray(record.parent.communities.ids)).toBe(true);
      expect(typeof record.metadata.resource_type.id).toBe("string");
      expect(typeof record.metadata.resource_type.title.en).toBe("string");
      expect(["open", "restricted", "embargoed", "metadata-only"]).toContain(record.access.status);
      expect(record.metadata.creators.length).toBeGreaterThan(0);
      expect(record.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
      expect(record.files.enabled === false || record.files.entries !== undefined || record.files.types !== undefined).toBe(true);
      for (const entry of Object.values(record.files.entries ?? {})) {
        expect(Number.isSafeInteger(entry.size)).toBe(true);
        expect(entry.ext).toMatch(/^[a-z0-9]+$/);
      }
    }
  });

  it("is shaped like rdmrecords-records documents: pids, community default and entries, awards, access, is_published, versions", () => {
    const shaped = records as unknown as {
      id: string;
      pids: { doi: { identifier: string; provider: string } };
      parent: { communities: { ids: string[]; default?: string; entries: { id: string }[] } };
      access: { record: string; files: string; status: string };
      is_published: boolean;
      versions: { index: number; is_latest: boolean };
      metadata: { funding?: { funder: Named; award?: { id: string; number: string } }[] };
    }[];
    let awards = 0;
    for (const record of shaped) {
      expect(record.pids.doi).toEqual({ identifier: `10.5281/usage-delta.${record.id}`, provider: "datacite", client: "datacite" });
      const communities = record.parent.communities;
      expect(communities.entries.map((entry) => entry.id)).toEqual(communities.ids);
      expect(communities.default).toBe(communities.ids[0]);
      expect(record.access.record).toBe("public");
      expect(record.access.files).toBe(record.access.status === "open" ? "public" : "restricted");
      expect(record.is_published).toBe(true);
      expect(record.versions.index).toBeGreaterThanOrEqual(1);
      for (const { funder, award } of record.metadata.funding ?? []) {
        if (funder.id === undefined) expect(award).toBeUndefined();
        else {
          expect(award?.id).toBe(`${funder.id}::${award?.number}`);
          awards++;
        }
      }
    }
    expect(awards).toBeGreaterThan(0);
    expect(shaped.some((record) => record.parent.communities.ids.length === 0 && record.parent.communities.default === undefined)).toBe(true);
  });

  it("groups versions under parents whose ids are not record ids", () => {
    const ids = new Set(records.map((record) => record.id));
    const parents = new Map<string, number>();
    for (const record of records) parents.set(record.parent.id, (parents.get(record.parent.id) ?? 0) + 1);
    expect(ids.size).toBe(records.length);
    expect([...parents.keys()].some((parent) => ids.has(parent))).toBe(false);
    expect([...parents.values()].filter((versions) => versions > 1).length).toBeGreaterThan(20);
    expect(parents.size).toBeLessThan(records.length * 0.85);
  });

  it("puts records in 0 to 3 of the communities", () => {
    const sizes = records.map((record) => record.parent.communities.ids.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    for (const size of [0, 1, 2]) expect(sizes).toContain(size);
    expect(new Set(records.flatMap((record) => record.parent.communities.ids)).size).toBe(5);
  });

  it("draws facets from realistic vocabularies, multi-valued where the SPEC says so", () => {
    const distinct = (values: (string | undefined)[]) => new Set(values.filter((v) => v !== undefined)).size;
    const m = records.map((record) => record.metadata);
    expect(distinct(m.map((x) => x.resource_type.id))).toBeGreaterThanOrEqual(12);
    expect(m.some((x) => x.resource_type.title.de !== undefined || x.resource_type.title.fr !== undefined)).toBe(true);
    expect(distinct(m.flatMap((x) => (x.languages ?? []).map((l) => l.id)))).toBeGreaterThanOrEqual(8);
    expect(m.some((x) => (x.languages ?? []).length > 1)).toBe(true);
    expect(distinct(m.flatMap((x) => (x.rights ?? []).map((r) => r.id)))).toBeGreaterThanOrEqual(6);
    const funders = m.flatMap((x) => (x.funding ?? []).map((f) => f.funder));
    expect(distinct(funders.map((f) => f.name))).toBeGreaterThanOrEqual(20);
    expect(funders.some((f) => f.id === undefined)).toBe(true);
    const affiliations = m.flatMap((x) => [...x.creators, ...(x.contributors ?? [])].flatMap((p) => p.affiliations ?? []));
    expect(distinct(affiliations.map((a) => a.name))).toBeGreaterThanOrEqual(50);
    expect(affiliations.some((a) => a.id === undefined)).toBe(true);
    expect(distinct(m.map((x) => x.publisher))).toBeGreaterThanOrEqual(8);
    expect(distinct(records.map((r) => r.custom_fields["journal:journal"]?.title))).toBeGreaterThanOrEqual(10);
    expect(m.some((x) => (x.subjects ?? []).some((s) => s.id === undefined))).toBe(true);
  });

  it("lists the same affiliation twice in some records", () => {
    const repeats = records.filter((record) => {
      const people = [...record.metadata.creators, ...(record.metadata.contributors ?? [])];
      const keys = people.flatMap((p) => (p.affiliations ?? []).map((a) => a.id ?? a.name));
      return new Set(keys).size < keys.length;
    });
    expect(repeats.length).toBeGreaterThan(10);
  });

  it("describes files by entries on most records and by types on some, none on metadata-only ones", () => {
    const withEntries = records.filter((r) => r.files.entries !== undefined).length;
    const withTypes = records.filter((r) => r.files.types !== undefined).length;
    expect(withEntries).toBeGreaterThan(withTypes);
    expect(withTypes).toBeGreaterThan(0);
    for (const record of records.filter((r) => r.access.status === "metadata-only")) expect(record.files.enabled).toBe(false);
    const keys = records.flatMap((r) => Object.keys(r.files.entries ?? {}));
    expect(keys.some((key) => key.endsWith(".tar.gz"))).toBe(true);
    expect(keys.some((key) => key !== key.toLowerCase())).toBe(true);
    const exts = new Set(records.flatMap((r) => [...Object.values(r.files.entries ?? {}).map((e) => e.ext), ...(r.files.types ?? [])]));
    for (const ext of ["pdf", "csv", "zip", "txt", "png", "json", "docx", "gz"]) expect(exts).toContain(ext);
  });
});
