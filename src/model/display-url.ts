// A URL as messages and logs show it: without the user and password it may carry
// (`https://ops:secret@search:9200` -> `https://search:9200`), whether or not it parses.
// The one helper for every URL that is printed or logged.

export function displayUrl(text: string): string {
  try {
    const parsed = new URL(text);
    parsed.username = "";
    parsed.password = "";
    // Taken as a URL, but something like credentials is still in it (a password with a
    // "/" in it parses as a path): fall through to the blunt rule.
    const shown = parsed.href.replace(/\/$/, "");
    if (!shown.includes("@")) return shown;
  } catch {
    // not a URL: the blunt rule below
  }
  return withoutUserinfo(text);
}

/** Everything between the scheme (or the start) and the last "@" goes. */
function withoutUserinfo(text: string): string {
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? "";
  return `${scheme}${text.slice(at + 1)}`;
}

/** Any text (an error message of a library, say) with the credentials of every URL in it removed. */
export function withoutCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, "$1");
}
