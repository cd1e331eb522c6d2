// URLs in messages and logs never show their credentials, whether or not they parse.

import { describe, expect, it } from "vitest";
import { displayUrl, withoutCredentials } from "../../src/model/display-url.js";

describe("displayUrl", () => {
  it.each([
    ["https://ops:s3cret@search:9200", "https://search:9200"],
    ["https://search:9200/", "https://search:9200"],
    // Not http(s): still a URL to the parser, the credentials go all the same.
    ["htp://ops:s3cret@127.0.0.1:9", "htp://127.0.0.1:9"],
    // Does not parse: everything up to the last @ goes.
    ["http://ops:s3cret@[zz:9", "http://[zz:9"],
    ["ops:s3cret@search:9200", "search:9200"],
    // A password with a "/" or an "@" in it.
    ["http://ops:s3/cret@search:9200", "http://search:9200"],
    ["http://ops:s3@cret@search:9200", "http://search:9200"],
  ])("%s -> %s", (url, shown) => {
    expect(displayUrl(url)).toBe(shown);
  });
});

describe("withoutCredentials", () => {
  it("removes the credentials of every URL in a text", () => {
    expect(withoutCredentials("request to http://a:b@x:1/p failed, then https://c:d@y:2")).toBe("request to http://x:1/p failed, then https://y:2");
  });
});
