// The one structured logger: pino, to stderr (stdout is kept for `--out -`).

import { pino, type Logger } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function createLogger(level: string): Logger {
  const stderr = pino.destination({ dest: 2, sync: true });
  // A closed stderr (`2>&1 | head`) leaves no one to tell; the run goes on (see run-cli.ts).
  stderr.on("error", () => {});
  return pino({ level, base: { app: "usage-delta" }, redact: ["password", "*.password", "auth.password", "headers.authorization"] }, stderr);
}
