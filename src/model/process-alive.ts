// Whether a process of this host still exists: how a run tells what a killed run (SIGKILL,
// power loss) left behind from what a live one is using.

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
