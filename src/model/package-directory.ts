// Where this program is installed: the nearest directory with a package.json, walking up
// from a module of it (compiled under dist/, bundled under dist/bundle/, or a source file
// under test). The files `npm run build` writes beside the code (the worker script, the
// WebAssembly modules) are found from there.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory at or above the module at `moduleUrl` (an import.meta.url) that holds a package.json; the root when none does. */
export function packageDirectory(moduleUrl: string): string {
  let directory = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return directory;
}
