// Bench (scaling mode): preloaded with `node --require` into the measured process; every
// worker thread inherits it and appends its OS thread id to the file named by
// USAGE_DELTA_THREAD_TAGS, so the sampler can tell the workers from V8's and libuv's
// threads (all of them are called "node").
"use strict";
const { isMainThread } = require("node:worker_threads");
const { appendFileSync, readlinkSync } = require("node:fs");

const file = process.env.USAGE_DELTA_THREAD_TAGS;
if (!isMainThread && file) appendFileSync(file, `${readlinkSync("/proc/thread-self").split("/").pop()}\n`);
