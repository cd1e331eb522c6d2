#!/usr/bin/env node
// The installed `usage-delta` command (package.json "bin"): turns on Node's compile cache
// where there is one, then loads the program. The program is imported dynamically, after
// the cache is on, because modules imported statically are compiled before any code here
// runs.

import { enableCompileCache } from "./compile-cache.js";

enableCompileCache();
await import("./main.js");
