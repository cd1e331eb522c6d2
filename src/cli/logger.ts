// The one structured logger: pino, to stderr (stdout is kept for `--out -`). JSON lines,
// or on a terminal short lines for people (log-format.ts).

import { pino, type Logger } from "pino";
import { prettyDestination, resolveLogFormat, type LogFormat } from "./log-format.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** `beforeWrite`: called before each line (the progress line clears itself). */
export function createLogger(level: string, format: LogFormat = "json", beforeWrite: () => void = () => {}): Logger {
  const options = { level, base: { app: "usage-delta" }, redact: ["password", "*.password", "auth.password", "headers.authorization"] };
  if (resolveLogFormat(format) === "pretty") return pino(options, prettyDestination(process.stderr, beforeWrite));
  const stderr = pino.destination({ dest: 2, sync: true });
  // A closed stderr (`2>&1 | head`) leaves no one to tell; the run goes on (see run-cli.ts).
  stderr.on("error", () => {});
  return pino(options, stderr);
}
