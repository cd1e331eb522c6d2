#!/usr/bin/env node
// The layout check `npm run lint` runs: the import rules that keep the pipeline readable
// from the folder names, and the file-length limit. One line per violation, exit 1 if any.
//
// The rules (README, "Where things live"): each folder of src/ may import only the folders
// listed for it below (and its own files); no import cycles between files; nothing in src/
// imports workers/; workers/ import kernels only; TypeScript files at most 300 lines.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const MAX_LINES = 300;

/**
 * Who may import whom, by folder (relative to the repository). The foundations (model,
 * columnar, parse) import downwards only; each stage imports the foundations and nothing of
 * another stage; the coordinator, the CLI and the bench put stages together. A folder not
 * listed here is a violation until it is given its row.
 */
export const ALLOWED_IMPORTS = {
  // columnar: typed arrays, shared memory, dictionaries; no knowledge of events.
  "src/columnar": [],
  // model: the messages stages exchange and small pure helpers; they are made of columns.
  "src/model": ["src/columnar"],
  "src/parse": ["src/model", "src/columnar"],
  "src/opensearch": ["src/model", "src/columnar"],
  "src/records": ["src/model", "src/columnar", "src/parse"],
  "src/encode": ["src/model", "src/columnar", "src/parse", "src/records"],
  "src/sources": ["src/model", "src/columnar", "src/parse", "src/records", "src/opensearch"],
  "src/merge": ["src/model", "src/columnar"],
  "src/group": ["src/model", "src/columnar"],
  "src/documents": ["src/model", "src/columnar"],
  "src/search-backend": ["src/model", "src/columnar", "src/opensearch"],
  "src/sinks": ["src/model", "src/columnar", "src/opensearch"],
  "src/generate": ["src/model", "src/opensearch"],
  "src/coordinator": [
    "src/model",
    "src/columnar",
    "src/parse",
    "src/records",
    "src/encode",
    "src/sources",
    "src/merge",
    "src/group",
    "src/documents",
    "src/search-backend",
    "src/sinks",
    "src/opensearch",
  ],
  // The aggregate job runs the engine (coordinator) into any sink; it reads events only as
  // the sources' types, and prints the search backend's report.
  "src/job": ["src/model", "src/coordinator", "src/sources", "src/sinks", "src/search-backend"],
  // The CLI maps flags to a job's config (and generate's, status's): it opens sources, the
  // sink by the registry and the cluster; it leaves the kernels and the documents to the job.
  "src/cli": ["src/model", "src/coordinator", "src/job", "src/sources", "src/sinks", "src/opensearch", "src/generate"],
  // The worker entry runs kernels: the encode and group kernels and what they read.
  workers: ["src/model", "src/columnar", "src/parse", "src/records", "src/encode", "src/group"],
};

/** Folders whose files are held to the length limit (all TypeScript of the project). */
const LENGTH_CHECKED = ["src", "workers", "test", "bench"];

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "fixtures" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else if (name.endsWith(".ts")) files.push(path);
  }
  return files;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** The repository-relative .ts files a file imports (relative imports only). */
function importsOf(file) {
  const text = readFileSync(file, "utf8");
  const targets = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    targets.push(relative(ROOT, normalize(join(dirname(file), specifier))).replace(/\.js$/, ".ts"));
  }
  return targets;
}

/** The folder a file's rule is looked up by: its directory, or the nearest listed parent. */
function ruleFolder(file) {
  for (let dir = dirname(file); dir !== "." && dir !== ""; dir = dirname(dir)) {
    if (dir in ALLOWED_IMPORTS) return dir;
  }
  return dirname(file);
}

function checkImports(graph) {
  const problems = [];
  for (const [file, targets] of graph) {
    const from = ruleFolder(file);
    const allowed = ALLOWED_IMPORTS[from];
    if (allowed === undefined) {
      problems.push(`${file}: its folder ${from} has no row in ALLOWED_IMPORTS (scripts/check-layout.mjs)`);
      continue;
    }
    for (const target of targets) {
      const to = ruleFolder(target);
      if (to !== from && !allowed.includes(to))
        problems.push(`${file}: imports ${target} (${from} may import ${allowed.join(", ") || "nothing outside itself"})`);
    }
  }
  return problems;
}

/** Import cycles between files (Tarjan's strongly connected components), one line each. */
function checkCycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let next = 0;
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file), low.get(target)));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file), index.get(target)));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) cycles.push(`import cycle: ${component.sort().join(" -> ")}`);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

function checkLengths(files) {
  const problems = [];
  for (const file of files) {
    const lines = readFileSync(join(ROOT, file), "utf8").split("\n").length - 1;
    if (lines > MAX_LINES) problems.push(`${file}: ${lines} lines (at most ${MAX_LINES}: split it where it has two subjects)`);
  }
  return problems;
}

const codeFiles = [...walk(join(ROOT, "src")), ...walk(join(ROOT, "workers"))].map((f) => relative(ROOT, f));
const graph = new Map(codeFiles.map((file) => [file, importsOf(join(ROOT, file))]));
const lengthFiles = LENGTH_CHECKED.flatMap((dir) => walk(join(ROOT, dir))).map((f) => relative(ROOT, f));
const problems = [...checkImports(graph), ...checkCycles(graph), ...checkLengths(lengthFiles)];
for (const line of problems) process.stdout.write(`${line}\n`);
if (problems.length > 0) {
  process.stdout.write(`check-layout: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n`);
  process.exitCode = 1;
} else process.stdout.write(`check-layout: ${codeFiles.length} files, import rules and lengths hold\n`);
