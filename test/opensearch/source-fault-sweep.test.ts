// Every search of a small `--source opensearch` run in turn answered 503 (the real CLI
// through the fault proxy): once, it is retried and the documents are the clean run's;
// from then on, the run gives up with one line and exit 69. Never a crash, whichever
// search it is (event pages fetched ahead, record batches in flight, membership, counts).

import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithOpenSearch, makeTestClient } from "../support/opensearch.js";
import { lastLine } from "../support/proxied-run.js";
import { openSourceFaultFixture, STACK, type SourceFaultFixture } from "../support/source-fault-fixture.js";

/** Every search (through a point in time, and the records by id), not the opening of a point in time. */
const ANY_SEARCH = /^POST \/([^/?]+\/)?_search(\?|$)/;
/** Pages of 500 hits: fewer searches to go through than the other fault tests' 150. */
const PAGE = 500;

describeWithOpenSearch("OpenSearch source: a 503 on each search in turn", () => {
  const client = makeTestClient();
  let fixture: SourceFaultFixture;

  beforeAll(async () => {
    fixture = await openSourceFaultFixture(client, "ud-sweep");
  });

  afterAll(async () => {
    await fixture?.close();
    await client.close();
  });

  it("a 503 on the nth search, for every n, gives the clean documents; 503s from the nth on give a clean exit 69", async () => {
    const { proxy, run, clean } = fixture;
    proxy.script();
    const before = proxy.requests.length;
    const counted = await run("count", PAGE);
    expect(counted.documents).toEqual(clean.documents);
    const searches = proxy.requests.slice(before).filter((r) => ANY_SEARCH.test(r.line)).length;
    expect(searches).toBeGreaterThan(10);
    for (let n = 1; n <= searches; n++) {
      proxy.script({ match: ANY_SEARCH, nth: n, fault: { status: 503 } });
      const once = await run(`once-${n}`, PAGE);
      expect({ n, code: once.code, stack: STACK.test(once.stderr) }).toEqual({ n, code: 0, stack: false });
      expect(once.documents).toEqual(clean.documents);
      proxy.script({ match: ANY_SEARCH, nth: n, times: Infinity, fault: { status: 503 } });
      const always = await run(`always-${n}`, PAGE);
      expect({ n, code: always.code, line: lastLine(always.stderr) }).toMatchObject({
        n,
        code: 69,
        line: expect.stringMatching(/^usage-delta: OpenSearch at \S+ answered HTTP 503 .*\(gave up after 6 retries\)$/),
      });
    }
  }, 600_000);
});
