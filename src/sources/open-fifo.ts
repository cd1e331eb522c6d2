// A FIFO (or a pipe: `--views <(zcat v.gz)`) as input. Opening one waits for a writer,
// and reading a plain file handle waits for data, each in one of libuv's threads, which
// exit() waits for: neither Ctrl-C nor SIGTERM could end such a run. So the wait for a
// writer can be ended by a signal (the FIFO is opened for writing here and closed at
// once), and the data is read through a non-blocking pipe handle (epoll, no thread),
// which a signal ends too. Either way the input fails as interrupted (exit 130): it was
// not read whole, so nothing of it may count.

import { closeSync, constants, open, openSync } from "node:fs";
import { Socket } from "node:net";
import { EXIT, UsageDeltaError } from "../model/errors.js";

export async function openFifoStream(path: string): Promise<Socket> {
  let interrupted = false;
  let socket: Socket | undefined;
  const release = () => {
    interrupted = true;
    if (socket !== undefined) {
      socket.destroy(new UsageDeltaError("INTERRUPTED", `interrupted while reading ${path}`, EXIT.interrupted));
      return;
    }
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waits any more (ENXIO): the open has returned already.
    }
  };
  const listen = (on: boolean) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      if (on) process.on(signal, release);
      else process.off(signal, release);
    }
  };
  listen(true);
  let fd: number;
  try {
    fd = await new Promise<number>((resolve, reject) => open(path, "r", (error, opened) => (error === null ? resolve(opened) : reject(error))));
  } catch (error) {
    listen(false);
    throw error;
  }
  if (interrupted) {
    closeSync(fd);
    listen(false);
    throw new UsageDeltaError("INTERRUPTED", `interrupted while waiting for a writer to ${path}`, EXIT.interrupted);
  }
  socket = new Socket({ fd, readable: true, writable: false });
  socket.once("close", () => listen(false));
  return socket;
}
