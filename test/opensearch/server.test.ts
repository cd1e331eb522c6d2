import { afterAll, expect, it } from "vitest";
import { describeWithOpenSearch, makeTestClient, uniqueIndexName } from "../support/opensearch.js";

describeWithOpenSearch("OpenSearch test server", () => {
  const client = makeTestClient();
  const index = uniqueIndexName("smoke");

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it("is healthy (green or yellow)", async () => {
    const { body } = await client.cluster.health({ wait_for_status: "yellow", timeout: "30s" });
    expect(["green", "yellow"]).toContain(body.status);
  });

  it("creates an index, indexes and counts documents, deletes the index", async () => {
    const created = await client.indices.create({ index, body: { settings: { number_of_replicas: 0 } } });
    expect(created.body.acknowledged).toBe(true);

    await client.index({ index, id: "a", body: { recid: "abcde-12345", n: 1 }, refresh: true });
    await client.index({ index, id: "b", body: { recid: "fghij-67890", n: 2 }, refresh: true });

    const { body: count } = await client.count({ index });
    expect(count.count).toBe(2);

    const { body: got } = await client.get({ index, id: "b" });
    expect(got._source).toEqual({ recid: "fghij-67890", n: 2 });

    const deleted = await client.indices.delete({ index });
    expect(deleted.body.acknowledged).toBe(true);
    const { body: exists } = await client.indices.exists({ index });
    expect(exists).toBe(false);
  });
});
