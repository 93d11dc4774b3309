import type { PleskClient } from "../../provider/plesk/client";
import { DownloadWatcher } from "../../provider/resources/aps-package/download-watcher";

/** A stand-in Plesk with one download, task 1, that moves 100 bytes a ms until it stops at `stallAt` bytes. */
function stallingDownload(totalBytes: number, stallAt: number) {
  const startedAt = Date.now();
  const looks: number[] = [];
  const client: PleskClient = {
    send: () =>
      new Promise((resolve) => {
        looks.push(Date.now());
        setTimeout(() => {
          const completed = Math.min(stallAt, (Date.now() - startedAt) * 100);
          const progress = { total: [String(totalBytes)], completed: [String(completed)], current: [""] };
          resolve([{ result: [{ status: ["ok"], "filter-id": ["1"], task: [{ id: ["1"], "in-progress": [progress] }] }] }]);
        }, 5);
      }),
  };
  return { client, looks, startedAt };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("a download that stops moving is looked at less and less often", async () => {
  const server = stallingDownload(90_000, 45_000);
  const watcher = new DownloadWatcher(server.client);
  void watcher.wait("1", { deadline: Date.now() + 20_000 }).catch(() => undefined);

  await jest.advanceTimersByTimeAsync(20_000);

  // It stops at 450 ms. Looks backing off from 100 ms, doubling up to 5 s: about ten in the next 19.5 s.
  const stalledLooks = server.looks.filter((at) => at > server.startedAt + 450);
  expect(stalledLooks.length).toBeLessThan(12);
  const gaps = stalledLooks.slice(1).map((at, i) => at - stalledLooks[i]);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(5_005);
});
