// What kind of thing an output path is, and whether it can be written, decided before
// any input is read:
//   "-"                              stdout
//   a device, a FIFO, a pipe         written straight through (never replaced by a file)
//   a regular file, or nothing yet   written atomically: a temporary file beside it,
//                                    renamed into place when complete
//   a symbolic link                  its target, written atomically beside the target
//   a directory                      refused

import { access, constants, lstat, readlink, realpath, rm, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { cannotCreate } from "./output-error.js";
import { createTemporary } from "./temporary-files.js";

export type OutputTarget =
  | { kind: "stdout" }
  /** Not a regular file: opened for writing as it is (no O_CREAT, no rename). */
  | { kind: "stream"; path: string; fifo: boolean }
  /** Replaced atomically; `file` is where the complete output ends up (a symlink's target). */
  | { kind: "atomic"; file: string };

const MAX_LINKS = 40;

/** Where `path` leads. Throws an OutputError (exit 73) for a directory or a broken path. */
export async function resolveOutputTarget(path: string, what: string): Promise<OutputTarget> {
  if (path === "-") return { kind: "stdout" };
  let status;
  try {
    status = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw cannotCreate(what, path, error);
    return { kind: "atomic", file: await danglingTarget(path, what) };
  }
  if (status.isDirectory()) throw cannotCreate(what, path, Object.assign(new Error("EISDIR"), { code: "EISDIR" }));
  if (!status.isFile()) return { kind: "stream", path, fifo: status.isFIFO() };
  try {
    return { kind: "atomic", file: await realpath(path) };
  } catch (error) {
    throw cannotCreate(what, path, error);
  }
}

/**
 * Checks that `path` can be written, without leaving anything behind: a temporary file is
 * created exclusively beside it (the way the output will be) and removed again; a stream
 * is opened for writing (a device, a pipe) and closed.
 */
export async function checkOutputWritable(path: string, what: string): Promise<void> {
  const target = await resolveOutputTarget(path, what);
  if (target.kind === "stdout") return;
  if (target.kind === "stream") {
    // A named FIFO would block here until a reader comes: its writability is its mode's.
    await access(target.path, constants.W_OK).catch((error: unknown) => {
      throw cannotCreate(what, path, error);
    });
    return;
  }
  try {
    const probe = await createTemporary(target.file);
    await probe.handle.close();
    await rm(probe.path, { force: true });
    probe.release();
  } catch (error) {
    throw cannotCreate(what, path, error);
  }
}

/** The file a path that does not exist (yet) names: a dangling symlink's last target. */
async function danglingTarget(path: string, what: string): Promise<string> {
  let current = resolve(path);
  for (let links = 0; links < MAX_LINKS; links++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw cannotCreate(what, path, error);
    }
    if (!isLink) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw cannotCreate(what, path, Object.assign(new Error("ELOOP"), { code: "ELOOP" }));
}
