import { isPleskTransportError } from "../../plesk/errors";

/**
 * Asks for every id in one packet; if the answer cannot be matched to the ids, asks for each id
 * in a packet of its own. Only for read-only operations: it may send the same question twice.
 */
export async function batchOrEach<V>(
  ids: readonly string[],
  fetch: (ids: readonly string[]) => Promise<Map<string, V>>,
): Promise<Map<string, V>> {
  try {
    return await fetch(ids);
  } catch (error) {
    if (ids.length === 1 || !(isPleskTransportError(error) && error.failure === "invalid-answer")) throw error;
    const single = await Promise.all(ids.map((id) => fetch([id])));
    return new Map(single.flatMap((answer) => [...answer]));
  }
}
