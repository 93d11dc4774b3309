import type { IncomingMessage, ServerResponse } from "node:http";

export class RequestTooLarge extends Error {}

/** The request target or a part of it cannot be read: answered with HTTP 400. */
export class MalformedTarget extends Error {}

/** The request target as a URL; a target `new URL()` cannot read is a MalformedTarget. */
export function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? "/", "http://sandbox");
  } catch {
    throw new MalformedTarget("the request target is not a valid URL path");
  }
}

/** A percent-encoded path segment, decoded; a malformed escape such as `%E0%A4%A` is a MalformedTarget. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedTarget("the request target holds a malformed percent-escape");
  }
}

/**
 * Runs one answer. Whatever it throws ends in an HTTP answer (400 for a malformed target, 500
 * otherwise), never in the process: one failing handler must not take the server down.
 */
export function answerSafely(response: ServerResponse, answer: () => void): void {
  try {
    answer();
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof MalformedTarget) send(response, 400, "text/plain", `${error.message}\n`);
    else send(response, 500, "text/plain", `the sandbox failed to answer: ${(error as Error)?.message ?? String(error)}\n`);
  }
}

/**
 * The whole request body; rejects with RequestTooLarge past `limit` bytes, with the stream's
 * error when the client goes away.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.resume();
        reject(new RequestTooLarge(`request larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("error", reject);
  });
}

/**
 * Answers a body that could not be read: 413 for one over the limit, closing the connection so
 * the rest is not read; nothing for a client that went away.
 */
export function refuseBody(response: ServerResponse, error: unknown, tooLarge: () => void): void {
  if (error instanceof RequestTooLarge) {
    response.shouldKeepAlive = false;
    tooLarge();
  } else {
    response.destroy();
  }
}

export function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, "application/json; charset=utf-8", JSON.stringify(body));
}

/** The body as UTF-8 text; undefined when it is not valid UTF-8. */
export function utf8Text(body: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}
