import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";

/** Where the kernel draws ports it assigns itself (Linux's default when the machine does not say). */
const EPHEMERAL_FALLBACK: readonly [number, number] = [32768, 60999];
/** The lowest port handed out: above the well-known and the usual fixed service ports. */
const LOWEST = 10_000;
/** Ports this process has handed out: never twice (the first caller may not have bound it yet). */
const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1 for a server the caller starts next. It is drawn at random below the kernel's
 * ephemeral range, not assigned by the kernel: every outgoing connection and every other process's `listen(0)` draws
 * from that range, and a port handed out from it was taken before the server bound it (a game day's service then
 * failed to start, and its fault injection reached another process's server: HTTP 404). Checked free by listening on
 * it; never handed out twice by one process. Falls back to a kernel-assigned port when no room is left below the range.
 */
export async function freePort(range: readonly [number, number] = ephemeralRange()): Promise<number> {
  const room = range[0] - LOWEST;
  for (let attempt = 0; room > 0 && attempt < 64; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * room);
    if (handedOut.has(port) || !(await listensOn(port))) continue;
    handedOut.add(port);
    return port;
  }
  return kernelPort();
}

/** The kernel's ephemeral port range (Linux: /proc/sys/net/ipv4/ip_local_port_range), else Linux's default. */
export function ephemeralRange(): readonly [number, number] {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return Number.isInteger(low) && Number.isInteger(high) ? [low, high] : EPHEMERAL_FALLBACK;
  } catch {
    return EPHEMERAL_FALLBACK;
  }
}

/** Whether a server can listen on 127.0.0.1:`port` now (it is closed again at once). */
function listensOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Listens on 127.0.0.1:`port` (a port `freePort` picked): when another process took it in between, an error naming
 * `what` and the port, instead of the unhandled 'error' event that would end this process.
 */
export function listenLocal(server: Server, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `${what} cannot listen on 127.0.0.1:${port}: ${error.code === "EADDRINUSE" ? "another process took the port" : error.message}`,
        ),
      );
    server.once("error", failed);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", failed);
      resolve();
    });
  });
}
