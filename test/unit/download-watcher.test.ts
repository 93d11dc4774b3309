import type { PleskClient, PleskRequest } from "../../provider/plesk/client";
import type { XmlElement } from "../../provider/plesk/packet";
import { DownloadWatcher } from "../../provider/resources/aps-package/download-watcher";

/**
 * A stand-in Plesk running one transaction's tasks in turn through one link, as Plesk does. It
 * reads its state when it answers, `answerMs(look)` after a look is sent, so the provider never
 * knows exactly when a status was true.
 */
function transaction(taskBytes: number, bytesPerMs: number, answerMs: (look: number) => number, stallAt?: number) {
  const startedAt = Date.now();
  const looks: number[] = [];
  const endOf = (index: number) => startedAt + ((index + 1) * taskBytes) / bytesPerMs;
  const statusAt = (taskId: string, now: number): XmlElement => {
    const index = Number(taskId) - 1;
    const moved = Math.min(stallAt ?? Number.POSITIVE_INFINITY, (now - startedAt) * bytesPerMs) - index * taskBytes;
    const task: XmlElement =
      moved >= taskBytes
        ? { id: [taskId], finished: [{ "package-id": [taskId] }] }
        : {
            id: [taskId],
            "in-progress": [
              { total: [String(taskBytes)], completed: [String(Math.max(0, Math.floor(moved)))], ...(moved > 0 ? { current: [""] } : {}) },
            ],
          };
    return { status: ["ok"], "filter-id": [taskId], task: [task] };
  };
  const client: PleskClient = {
    send: (request: PleskRequest) =>
      new Promise((resolve) => {
        looks.push(Date.now());
        const ids = (request.bodies[0].filter as { "task-id": string[] })["task-id"];
        setTimeout(() => resolve([{ result: ids.map((id) => statusAt(id, Date.now())) }]), answerMs(looks.length));
      }),
  };
  return { client, looks, endOf, startedAt };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("a download that stops moving is looked at less and less often", async () => {
  const server = transaction(90_000, 100, () => 5, 45_000);
  const watcher = new DownloadWatcher(server.client);
  void watcher.wait("1", { deadline: Date.now() + 20_000 }).catch(() => undefined);

  await jest.advanceTimersByTimeAsync(20_000);

  // It stops at 450 ms. Looks backing off from 100 ms, doubling up to 5 s: about ten in the next 19.5 s.
  const stalledLooks = server.looks.filter((at) => at > server.startedAt + 450);
  expect(stalledLooks.length).toBeLessThan(12);
  const gaps = stalledLooks.slice(1).map((at, i) => at - stalledLooks[i]);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(5_005);
});
