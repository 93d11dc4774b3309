import { connect, type Socket } from "node:net";
import type { Sandbox } from "../../sandbox";

export interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** A plain TCP connection to a sandbox started with `http: true`, for bytes no HTTP client sends. */
export function openRaw(sandbox: Sandbox): Promise<Socket> {
  const { hostname, port } = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

/**
 * Sends `request` exactly as given (headers, body, malformed targets and all) and reads the
 * first HTTP answer. Resolves with status 0 when the server closed the connection unanswered.
 */
export async function rawExchange(sandbox: Sandbox, request: string | Buffer): Promise<RawAnswer> {
  const socket = await openRaw(sandbox);
  try {
    socket.write(request);
    return await readAnswer(socket);
  } finally {
    socket.destroy();
  }
}

/** The first answer on the socket: its head, then a body of Content-Length bytes. */
export function readAnswer(socket: Socket): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    const done = (answer: RawAnswer) => {
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve(answer);
    };
    const parse = (): RawAnswer | undefined => {
      const end = received.indexOf("\r\n\r\n");
      if (end === -1) return undefined;
      const head = received.subarray(0, end).toString("latin1");
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (received.length < end + 4 + length) return undefined;
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      return { status, head, body: received.subarray(end + 4, end + 4 + length).toString("utf8") };
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parse();
      if (answer) done(answer);
    };
    const onClose = () => done(parse() ?? { status: 0, head: "", body: "" });
    socket.on("data", onData);
    socket.on("close", onClose);
  });
}

/** A complete HTTP/1.1 request with a correct Content-Length. */
export function httpRequest(method: string, target: string, headers: Record<string, string>, body: string | Buffer = ""): Buffer {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const lines = [
    `${method} ${target} HTTP/1.1`,
    "Host: 127.0.0.1",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${bytes.length}`,
  ];
  return Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1"), bytes]);
}
