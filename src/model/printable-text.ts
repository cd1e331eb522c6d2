// Text that came from outside (an OpenSearch error, an input line, a path) made safe to
// print on a terminal: control characters (ESC sequences that could recolour, move the
// cursor or retitle the window; line breaks that would forge a second message line) and
// the bidirectional overrides are shown as escapes (`\x1b`, `\u{202e}`) instead of acting.

// C0 controls, DEL and C1 controls; the bidi embeddings, overrides and isolates.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printableText(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
  });
}
