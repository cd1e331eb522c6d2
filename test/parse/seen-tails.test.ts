// Line tails read once (src/parse/seen-tails.ts): lines that end with a tail seen before
// give the same fields, kinds and validity as a reader that has seen nothing, whatever
// their prefixes hold (duplicate keys, escaped keys, other lengths) and wherever the tail
// sits in the chunk.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventSpans } from "../../src/parse/event-spans.js";
import { FACET_FIELD } from "../../src/parse/event-fields.js";
import { FACET_COUNT } from "../../src/model/facets.js";

const FIELD_COUNT = FACET_FIELD + FACET_COUNT;

/** Every field as a fresh reader sees it: kind and parsed value, or the line refused. */
function fields(spans: EventSpans, line: Buffer, at: number): unknown {
  if (!spans.scan(line, at, line.length)) return "refused";
  const seen: unknown[] = [];
  for (let field = 0; field < FIELD_COUNT; field++) {
    const kind = spans.kindOf(field);
    seen.push(kind === 0 ? null : [kind, spans.json(field), spans.text(field) ?? null, spans.isPlainId(field)]);
  }
  return seen;
}

const key = fc.constantFrom(
  "community_ids",
  "resource_type",
  "languages",
  "rights",
  "funders",
  "access_status",
  "country",
  "recid",
  "subjects",
  "file_types",
  "x",
);
const member = fc.tuple(key, fc.jsonValue({ maxDepth: 2 }), fc.boolean()).map(([name, value, escaped]) => {
  const keyText = escaped ? JSON.stringify(name).replace(/^"(.)/, (_, c: string) => `"\\u00${c.charCodeAt(0).toString(16)}`) : JSON.stringify(name);
  return `${keyText}:${JSON.stringify(value)}`;
});
// A tail starts with a member whose value is a list or an object, and is long enough to be kept.
const tail = fc
  .tuple(key, fc.array(fc.string(), { minLength: 1, maxLength: 4 }), fc.array(member, { maxLength: 4 }), fc.boolean())
  .map(([first, list, rest, broken]) => {
    const text = [`${JSON.stringify(first)}:${JSON.stringify([...list, "x".repeat(64)])}`, ...rest].join(",");
    return broken ? text.replace(/x{64}/, "x\u0001") : text; // a control character: not JSON
  });

describe("seen tails", () => {
  it("a reader that has seen the tails reads every line as a fresh reader does", () => {
    fc.assert(
      fc.property(
        fc.array(tail, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.array(member, { maxLength: 4 }), fc.nat(), fc.constantFrom("", " ", "\n")), { minLength: 1, maxLength: 12 }),
        (tails, lines) => {
          const reader = new EventSpans();
          for (const [prefix, pick, space] of lines) {
            const text = `${space}{${[...prefix, tails[pick % tails.length]].join(",")}${space}}${space}`;
            // At an offset in a larger buffer, as lines are in a chunk.
            const line = Buffer.from(`${"#".repeat(pick % 5)}${text}`, "utf8");
            const at = pick % 5;
            expect(fields(reader, line, at)).toEqual(fields(new EventSpans(), line, at));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the same tail after prefixes of other lengths and kinds replays the same spans", () => {
    const tailText = `"community_ids":["a","b"],"resource_type":{"id":"dataset","title":{"en":"Dataset"}},"rights":[{"id":"cc-by-4.0"}],"pad":"${"p".repeat(40)}"`;
    const reader = new EventSpans();
    for (const prefix of [`"recid":"r1"`, `"recid":"r22","community_ids":"c"`, `"x":[1,2]`, `"recid":7,"rights":null`]) {
      const line = Buffer.from(`{${prefix},${tailText}}`);
      expect(fields(reader, line, 0)).toEqual(fields(new EventSpans(), line, 0));
    }
  });
});
