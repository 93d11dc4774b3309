import type { Dispatcher } from "undici";

/** Reads a whole answer body, stopping at `limit` bytes: `tooLarge` makes the error thrown then. */
export async function readCapped(body: Dispatcher.ResponseData["body"], limit: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
