/**
 * A loopback HTTP proxy in front of the emulator that measures how many registry requests are in
 * flight at once, without timing: requests that carry a bearer token are held until `gate` of them
 * are in flight, or until the last of `expected` has arrived, then forwarded together. A client
 * that keeps at most `gate` requests in flight is never held for good; one that sends more at once
 * is seen with more than `gate` in flight. The Host header is forwarded as sent, so the emulator's
 * challenge points back at the proxy.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface GatedProxy {
  readonly url: string;
  /** The most /v2/ requests in flight at once (from arrival until the upstream answer is being written back). */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export async function startGatedProxy(upstream: string, gate: number, expected: number): Promise<GatedProxy> {
  const target = new URL(upstream);
  let inFlight = 0;
  let maxInFlight = 0;
  let gatedArrived = 0;
  let held: (() => void)[] = [];

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, done: () => void): void => {
    const request = http.request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        done();
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    request.on("error", () => {
      done();
      res.destroy();
    });
    req.pipe(request);
  };

  const server = http.createServer((req, res) => {
    const isRegistry = (req.url ?? "").startsWith("/v2/");
    if (!isRegistry) {
      forward(req, res, () => undefined);
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const done = (): void => {
      if (!finished) inFlight--;
      finished = true;
    };
    if (!/^bearer /i.test(req.headers.authorization ?? "")) {
      forward(req, res, done);
      return;
    }
    gatedArrived++;
    held.push(() => forward(req, res, done));
    if (inFlight >= gate || gatedArrived >= expected) {
      const release = held;
      held = [];
      for (const go of release) go();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
