import { connect } from "node:net";

/** How often the engine's address is tried. */
const EVERY_MS = 1000;
/** Refusals in a row that mean the engine is gone (one may be a moment of load). */
const REFUSALS = 2;

/**
 * Calls `gone` once the Pulumi engine at `address` (`host:port`, as the engine passes it to the
 * processes it starts) stops accepting connections: a killed `pulumi` leaves its provider
 * processes behind, and they would go on waiting on servers for no one. Within about 2 s of the
 * engine's end. The timer never keeps the process alive by itself.
 */
export function watchEngine(address: string, gone: () => void): void {
  const at = address.lastIndexOf(":");
  const host = address.slice(0, at);
  const port = Number(address.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0) return;
  let refusals = 0;
  const timer = setInterval(() => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      refusals = 0;
      socket.destroy();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code !== "ECONNREFUSED") return;
      if (++refusals < REFUSALS) return;
      clearInterval(timer);
      gone();
    });
  }, EVERY_MS);
  timer.unref();
}
