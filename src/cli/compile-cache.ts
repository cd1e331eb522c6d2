// Start-up of the installed command: Node 22.1+ can keep V8's compiled code of the
// program and its dependencies (Arrow, piscina, pino, the OpenSearch client) on disk
// between runs (`module.enableCompileCache`), so an hourly run does not compile them
// again. Worker threads enable it from NODE_COMPILE_CACHE when they start, so the
// directory is put there too. Node 20 has no such function: nothing happens. The cache
// is only ever a speed-up: any failure to use it is ignored (Node checks each entry
// against the source it was made from).

import module from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";

/** What Node 22.1+ adds to `node:module` (absent from Node 20 and its types). */
interface CompileCacheApi {
  enableCompileCache?: (directory?: string) => { status: number; directory?: string };
  constants?: { compileCacheStatus?: { ENABLED: number; ALREADY_ENABLED: number } };
}

/** `$XDG_CACHE_HOME/usage-delta/compile-cache` (default `~/.cache`); without a home
 * directory, Node's default (a folder under the OS temp directory). */
function cacheDirectory(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, "usage-delta", "compile-cache");
  const home = process.env.HOME ? homedir() : "";
  return home && home !== "/" ? join(home, ".cache", "usage-delta", "compile-cache") : undefined;
}

export function enableCompileCache(): void {
  const api = module as unknown as CompileCacheApi;
  const status = api.constants?.compileCacheStatus;
  if (typeof api.enableCompileCache !== "function" || status === undefined) return;
  try {
    const result = api.enableCompileCache(cacheDirectory());
    // ALREADY_ENABLED: NODE_COMPILE_CACHE was set, and the workers inherit it as it is.
    if (result.status === status.ENABLED && result.directory) process.env.NODE_COMPILE_CACHE ??= result.directory;
  } catch {
    // only a speed-up
  }
}
