import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedServer {
  readonly url: string;
  /** Requests received so far; the handler gets the 1-based number of its request. */
  readonly requests: number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 whose answers a test scripts, request by request. */
export async function startScriptedServer(
  handler: (request: IncomingMessage, response: ServerResponse, requestNumber: number) => void,
): Promise<ScriptedServer> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    const number = requests;
    request.resume();
    request.on("end", () => handler(request, response, number));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Answers every request with this XML, as Plesk would (HTTP 200, text/xml). */
export function answerXml(xml: string) {
  return (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { "content-type": "text/xml;charset=UTF-8" });
    response.end(xml);
  };
}
