// Text from servers and inputs, made inert before it reaches a terminal.

import { expect, it } from "vitest";
import { printableText } from "../../src/model/printable-text.js";

it("shows control characters and bidi overrides as escapes, leaves the rest", () => {
  expect(printableText("red \u001b[31mtext\u001b[0m\r\nforged line\u0007 \u009b \u202eevil é ü 日本")).toBe(
    "red \\x1b[31mtext\\x1b[0m\\x0d\\x0aforged line\\x07 \\x9b \\u{202e}evil é ü 日本",
  );
});
