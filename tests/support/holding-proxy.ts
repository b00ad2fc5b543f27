/**
 * A loopback HTTP proxy in front of the emulator's API that can hold one request until the test
 * releases it, without timing: a test holds, say, the listing of deleted versions, changes the
 * emulator meanwhile (a DELETE by "someone else"), then lets the held request through. Every other
 * request is forwarded at once. The Host header is forwarded as sent.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface HoldingProxy {
  readonly url: string;
  /**
   * Holds the next request for which `matches(method, url)` is true (url with its query string).
   * Resolves, when that request arrives, to the function that forwards it.
   */
  holdNext(matches: (method: string, url: string) => boolean): Promise<() => void>;
  close(): Promise<void>;
}

interface Hold {
  readonly matches: (method: string, url: string) => boolean;
  readonly arrived: (release: () => void) => void;
}

export async function startHoldingProxy(upstream: string): Promise<HoldingProxy> {
  const target = new URL(upstream);
  let holds: Hold[] = [];

  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const request = http.request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    request.on("error", () => res.destroy());
    req.pipe(request);
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const hold = holds.find((h) => h.matches(method, url));
    if (hold === undefined) {
      forward(req, res);
      return;
    }
    holds = holds.filter((h) => h !== hold);
    let released = false;
    hold.arrived(() => {
      if (released) return;
      released = true;
      forward(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    holdNext: (matches) => new Promise((arrived) => holds.push({ matches, arrived })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
