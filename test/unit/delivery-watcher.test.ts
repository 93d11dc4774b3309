import { deadlineFor } from "../../provider/basics/deadline";
import type { DeliveryStatus } from "../../provider/getapp/delivery-api";
import { DeliveryWatcher } from "../../provider/resources/prepared-delivery/delivery-watcher";

const status = (catalogId: string, state: DeliveryStatus["state"], progress: number): DeliveryStatus => ({
  catalogId,
  state,
  progress,
  artifacts: [],
});

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("a look that never answers does not hold back another delivery's looks", async () => {
  const looksAt: Record<string, number> = { stuck: 0, quick: 0 };
  const watcher = new DeliveryWatcher((catalogId) => {
    looksAt[catalogId]++;
    if (catalogId === "stuck") return new Promise<DeliveryStatus>(() => undefined);
    return Promise.resolve(looksAt.quick < 3 ? status(catalogId, "inProgress", 0) : status(catalogId, "done", 100));
  });
  const deadline = deadlineFor({ seconds: 60, setBy: "test" });
  void watcher.wait("stuck", { deadline }).catch(() => undefined);
  let quickEnded: string | undefined;
  void watcher.wait("quick", { deadline }).then((settled) => (quickEnded = settled.state));

  await jest.advanceTimersByTimeAsync(2_000);

  expect(quickEnded).toBe("done");
  expect(looksAt).toEqual({ stuck: 1, quick: 3 });
  await jest.advanceTimersByTimeAsync(60_000);
});

test("a look is not taken more than a few ms before it is due", async () => {
  const sentAt: number[] = [];
  const watcher = new DeliveryWatcher((catalogId) => {
    sentAt.push(Date.now());
    return Promise.resolve(status(catalogId, "inProgress", 0));
  });
  const deadline = deadlineFor({ seconds: 1, setBy: "test" });
  const start = Date.now();
  void watcher.wait("first", { deadline }).catch(() => undefined);
  await jest.advanceTimersByTimeAsync(50);
  void watcher.wait("second", { deadline }).catch(() => undefined);

  await jest.advanceTimersByTimeAsync(70);

  // "first" is due at 100 ms and "second" at 150 ms: one tick for both would ask "second" 50 ms early.
  expect(sentAt.map((at) => at - start)).toEqual([100]);
  await jest.advanceTimersByTimeAsync(2_000);
});

test("an answer to a look for a wait that ended does not settle a later wait for the same delivery", async () => {
  let answerFirstLook: (status: DeliveryStatus) => void = () => undefined;
  let looks = 0;
  const watcher = new DeliveryWatcher((catalogId) => {
    looks++;
    if (looks === 1) return new Promise<DeliveryStatus>((resolve) => (answerFirstLook = resolve));
    return Promise.resolve(looks < 4 ? status(catalogId, "inProgress", 50) : status(catalogId, "done", 100));
  });
  let firstEnded: string | undefined;
  void watcher.wait("nav", { deadline: deadlineFor({ seconds: 0.15, setBy: "test" }) }).catch((error: Error) => (firstEnded = error.name));
  await jest.advanceTimersByTimeAsync(200);
  expect(firstEnded).toBe("DeliveryDeadlineError");

  let secondEnded: string | undefined;
  void watcher.wait("nav", { deadline: deadlineFor({ seconds: 60, setBy: "test" }) }).then((settled) => (secondEnded = settled.state));
  // The first look answers now, about the preparation as it was when that look was sent.
  answerFirstLook(status("nav", "delete", 0));
  await jest.advanceTimersByTimeAsync(5_000);

  expect(secondEnded).toBe("done");
  expect(looks).toBe(4);
  await jest.advanceTimersByTimeAsync(60_000);
});

test("once every wait has ended, no timer is left armed for a deadline that no longer matters", async () => {
  const watcher = new DeliveryWatcher((catalogId) => Promise.resolve(status(catalogId, "done", 100)));
  let ended: string | undefined;
  void watcher.wait("nav", { deadline: deadlineFor({ seconds: 3600, setBy: "test" }) }).then((settled) => (ended = settled.state));
  await jest.advanceTimersByTimeAsync(200);
  expect(ended).toBe("done");
  expect(jest.getTimerCount()).toBe(0);
});

test("a cancelled run ends a wait at once, between looks, and no timer is left armed for it", async () => {
  const watcher = new DeliveryWatcher((catalogId) => Promise.resolve(status(catalogId, "inProgress", 10)));
  const cancel = new AbortController();
  let ended: string | undefined;
  void watcher
    .wait("nav", { deadline: deadlineFor({ seconds: 3600, setBy: "test" }, cancel.signal) })
    .catch((error: Error) => (ended = error.name));
  await jest.advanceTimersByTimeAsync(200); // the first look has answered; the next is seconds away
  expect(ended).toBeUndefined();
  cancel.abort();
  await Promise.resolve();
  expect(ended).toBe("DeliveryDeadlineError");
  expect(jest.getTimerCount()).toBe(0);
});
