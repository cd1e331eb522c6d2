// A device for tests that write to one (`--out /dev/null`, `--out /dev/full`): as root, a
// node of our own in the test's directory (mknod), so that a regression that replaced the
// device by a file (as the code once did) would only damage the test's copy, never this
// machine's /dev. Without root, the real one: it cannot be replaced then.

import { spawnSync } from "node:child_process";
import { join } from "node:path";

const DEVICES = { null: [1, 3], full: [1, 7] } as const;

export function deviceNode(dir: string, name: keyof typeof DEVICES): string {
  if (process.getuid?.() !== 0) return `/dev/${name}`;
  const path = join(dir, name);
  const [major, minor] = DEVICES[name];
  const made = spawnSync("mknod", ["-m", "666", path, "c", String(major), String(minor)], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`mknod ${path} failed: ${made.stderr}`);
  return path;
}
