// The usage-delta template equals the dashboard's reference template (modulo the prefix),
// and installing it on the server gives indices with that mapping and the alias.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { usageDeltaIndexName, usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { ensureUsageDeltaTemplate, usageDeltaTemplate } from "../../src/opensearch/usage-delta-template.js";
import { describeWithOpenSearch, makeTestClient, uniqueIndexName } from "../support/opensearch.js";

const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "dashboard-templates", "stats-community-usage-delta-v1.0.0.json");

function reference(prefix: string): unknown {
  return JSON.parse(readFileSync(REFERENCE, "utf8").replaceAll("__SEARCH_INDEX_PREFIX__", prefix));
}

/** The server drops the implied `type: object` of a field with properties and gives `dynamic` as text. */
function asServerReturnsIt(mapping: unknown): unknown {
  if (Array.isArray(mapping) || typeof mapping !== "object" || mapping === null) return mapping;
  const entries = Object.entries(mapping as Record<string, unknown>)
    .filter(([key, value]) => !(key === "type" && value === "object" && "properties" in mapping))
    .map(([key, value]) => [key, key === "dynamic" ? String(value) : asServerReturnsIt(value)]);
  return Object.fromEntries(entries);
}

describe("usage-delta template", () => {
  it("is the reference template, with its default settings", () => {
    expect(usageDeltaTemplate()).toEqual(reference(""));
  });

  it("is the reference template under a prefix", () => {
    expect(usageDeltaTemplate({ prefix: "inst1-" })).toEqual(reference("inst1-"));
  });

  it("changes only the settings it is asked to", () => {
    const template = usageDeltaTemplate({ prefix: "p-", replicas: 0, refreshInterval: "1s" });
    const expected = reference("p-") as { template: { settings: { index: Record<string, unknown> } } };
    expected.template.settings.index = { refresh_interval: "1s", number_of_shards: 1, number_of_replicas: 0 };
    expect(template).toEqual(expected);
  });
});

describeWithOpenSearch("usage-delta template on the server", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("tpl")}-`;

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await client.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] });
    await client.close();
  });

  it("installs once, then finds it; new indices get the reference mapping and the alias", async () => {
    expect(await ensureUsageDeltaTemplate(client, { prefix, replicas: 0 })).toEqual({ installed: true, name: usageDeltaTemplateName(prefix) });
    expect(await ensureUsageDeltaTemplate(client, { prefix, replicas: 0 })).toEqual({ installed: false, name: usageDeltaTemplateName(prefix) });

    const index = usageDeltaIndexName(prefix, "2025");
    await client.indices.create({ index });
    const { body: mapping } = await client.indices.getMapping({ index });
    const expected = reference(prefix) as { template: { mappings: unknown } };
    expect(mapping[index].mappings).toEqual(asServerReturnsIt(expected.template.mappings));
    const { body: alias } = await client.indices.getAlias({ index });
    expect(Object.keys(alias[index].aliases)).toEqual([`${prefix}stats-community-usage-delta`]);
  });

  it("leaves a template that another tool installed for the same indices alone", async () => {
    const otherPrefix = `${uniqueIndexName("tpl-other")}-`;
    const theirs = `${otherPrefix}dashboard-template`;
    await client.indices.putIndexTemplate({ name: theirs, body: usageDeltaTemplate({ prefix: otherPrefix, replicas: 0 }) });
    try {
      expect(await ensureUsageDeltaTemplate(client, { prefix: otherPrefix })).toEqual({ installed: false, name: theirs });
      const { body: exists } = await client.indices.existsIndexTemplate({ name: usageDeltaTemplateName(otherPrefix) });
      expect(exists).toBe(false);
    } finally {
      await client.indices.deleteIndexTemplate({ name: theirs });
    }
  });
});
