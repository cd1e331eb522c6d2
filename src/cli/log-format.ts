// Logs for people on a terminal: pino's JSON lines turned into one short line each
// (`17:02:11 WARN message  key=value`), without the objects the summary already shows.
// JSON stays the format for files, pipes and journald (`--log-format json`).

export const LOG_FORMATS = ["auto", "json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** `auto`: pretty when stderr is a terminal. */
export function resolveLogFormat(format: LogFormat, stream: NodeJS.WriteStream = process.stderr): "json" | "pretty" {
  return format === "auto" ? (stream.isTTY ? "pretty" : "json") : format;
}

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const OMITTED = new Set(["level", "time", "pid", "hostname", "app", "msg"]);
// Longer values (the summary, the inputs) are in the summary or in --log-format json.
const MAX_VALUE = 100;

export function formatLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith("\n") ? json : `${json}\n`;
  }
  const time = typeof entry.time === "number" ? new Date(entry.time).toISOString().slice(11, 19) : "";
  const level = LEVELS[Number(entry.level)] ?? String(entry.level);
  const fields: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (OMITTED.has(key) || value === undefined) continue;
    // Strings (a plan note, a path) whole; objects only when short.
    const text = typeof value === "string" ? value : JSON.stringify(value);
    fields.push(typeof value !== "string" && text.length > MAX_VALUE ? `${key}=…` : `${key}=${text}`);
  }
  return `${time} ${level.padEnd(5)} ${String(entry.msg ?? "")}${fields.length > 0 ? `  ${fields.join(" ")}` : ""}\n`;
}

/** A pino destination that writes formatted lines, calling `before` first (to clear the progress line). */
export function prettyDestination(stream: NodeJS.WritableStream, before: () => void): { write(line: string): boolean } {
  return {
    write(line: string) {
      before();
      return stream.write(formatLogLine(line.trimEnd()));
    },
  };
}
