// The accounting identity the test helpers assert on every run (test/support/accounting.ts):
// the check itself must be able to fail.

import { describe, expect, it } from "vitest";
import { assertSummaryAccounting } from "../support/accounting.js";

const summary = (counted: number) =>
  [
    "usage-delta summary",
    "  backend             memory (1 thread, chunks of 1,000 lines)",
    "  events read         1,010 (views 1,000, downloads 10)",
    "  rejected            3 -> x.rejects.ndjson",
    "  outside range       4",
    "  dropped: robots     2",
    "  dropped: machines   0",
    "  dropped: API        1",
    `  counted             ${counted.toLocaleString("en")} (of unknown records: 7)`,
    "",
  ].join("\n");

describe("the accounting identity check", () => {
  it("holds when every line read is counted, rejected, outside the range or dropped", () => {
    expect(() => assertSummaryAccounting(summary(1000), "test")).not.toThrow();
  });

  it("fails when a line is unaccounted for, or a count is missing", () => {
    expect(() => assertSummaryAccounting(summary(999), "test")).toThrow(
      /accounting identity broken \(test\): 1010 lines read, but counted \+ rejected \+ outside range \+ dropped = 1009/,
    );
    expect(() => assertSummaryAccounting(summary(1000).replace(/ {2}outside range.*\n/, ""), "test")).toThrow(/run summary without outsideRange/);
  });
});
