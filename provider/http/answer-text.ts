import type { Dispatcher } from "undici";

/** How a caller names the two ways an answer body can be unusable. */
export interface AnswerTextFailures {
  tooLarge(message: string): Error;
  notText(message: string): Error;
}

/**
 * Reads a whole answer body as UTF-8 text. Refuses a body over `limit` bytes (announced or
 * streamed: reading stops there), a charset other than UTF-8, and bytes that are not valid
 * UTF-8: a name with replacement characters must never reach the state.
 */
export async function readAnswerText(response: Dispatcher.ResponseData, limit: number, fail: AnswerTextFailures): Promise<string> {
  const { headers, body } = response;
  if (Number(headers["content-length"]) > limit) {
    body.destroy();
    throw fail.tooLarge(`the answer announces ${headers["content-length"]} bytes, more than the ${limit}-byte limit`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(headers["content-type"] ?? ""))?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    await body.dump();
    throw fail.notText(`the answer is in ${charset}; only UTF-8 is read`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw fail.tooLarge(`the answer is larger than the ${limit}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks, size));
  } catch {
    throw fail.notText("the answer is not valid UTF-8");
  }
}
