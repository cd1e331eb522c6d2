// A refused allocation is a process limit, not an internal error: one line naming what
// to raise, exit 71 (EX_OSERR), like too few open files.

import { describe, expect, it } from "vitest";
import { describeError, EXIT } from "../../src/model/errors.js";

describe("describeError on process limits", () => {
  it("an array buffer the system refused: out of memory, exit 71", () => {
    const { message, exitCode } = describeError(new RangeError("Array buffer allocation failed"));
    expect(exitCode).toBe(EXIT.limit);
    expect(message).toMatch(/^out of memory \(Array buffer allocation failed\)/);
    expect(message).not.toContain("\n");
  });

  it("too many open files: names ulimit -n, exit 71", () => {
    const error = Object.assign(new Error("EMFILE: too many open files, open 'x'"), { code: "EMFILE", path: "x" });
    const { message, exitCode } = describeError(error);
    expect(exitCode).toBe(EXIT.limit);
    expect(message).toContain("ulimit -n");
  });

  it("another RangeError stays an internal error", () => {
    expect(describeError(new RangeError("Invalid array length"))).toEqual({ message: "internal error: Invalid array length", exitCode: EXIT.failure });
  });
});
