import type { RateEstimate } from "../../provider/resources/aps-package/link-throughput";
import { DEFAULT_TICKS, nextPollDelayMs, type LastSeen } from "../../provider/resources/aps-package/poll-schedule";

const NOW = 1_000_000;
const running = (totalBytes: number, completedBytes: number, seenMsAgo = 0) => ({
  status: { taskId: "1", state: "running" as const, totalBytes, completedBytes },
  at: NOW - seenMsAgo,
});
const queued = { status: { taskId: "1", state: "queued" as const, totalBytes: 0, completedBytes: 0 }, at: NOW };
const { minMs, shortMs, idleMs, longMs } = DEFAULT_TICKS;
const exactly = (bytesPerMs: number) => ({ bytesPerMs, fastestBytesPerMs: bytesPerMs });

// One get-download-status packet per tick for every download: the tick comes when the soonest should end.
// Every watched download is expected at the link's one rate.
test.each<[string, LastSeen[], RateEstimate | undefined, number]>([
  ["nothing watched", [], undefined, longMs],
  ["just started, no status yet: soon, it may be short", [undefined], undefined, minMs],
  ["queued", [queued], undefined, idleMs],
  ["Windows' 0/0 report", [running(0, 0)], undefined, idleMs],
  ["running, no rate yet", [running(1000, 10)], undefined, shortMs],
  ["running, ends in 300 ms by its rate", [running(1000, 700)], exactly(1), 300 + 5],
  ["running, 100 ms of it already passed", [running(1000, 700, 100)], exactly(1), 200 + 5],
  ["running, ends almost now: never sooner than minMs", [running(1000, 999)], exactly(1), minMs],
  ["running, ends in an hour: never later than longMs", [running(10_000_000, 0)], exactly(1), longMs],
  ["the soonest of several decides", [queued, running(1000, 600), running(1000, 900)], exactly(1), 100 + 5],
  ["just started behind a running download: its predicted end", [undefined, running(1000, 700)], exactly(1), 300 + 5],
  [
    "a rate the polls' timing leaves twice as fast maybe: the earliest end it allows",
    [running(1000, 700)],
    { bytesPerMs: 1, fastestBytesPerMs: 2 },
    150,
  ],
  [
    "a rate that leaves the end uncertain by less than a short tick: its likeliest end",
    [running(1000, 700)],
    { bytesPerMs: 1, fastestBytesPerMs: 1.4 },
    300 + 5,
  ],
  [
    "polls closer than their doubt: any rate possible, so soon",
    [running(1000, 700)],
    { bytesPerMs: 1, fastestBytesPerMs: Number.POSITIVE_INFINITY },
    minMs,
  ],
  ["just started behind one with no rate yet", [undefined, running(1000, 700)], undefined, minMs],
  ["just started beside queued ones only", [undefined, queued], undefined, minMs],
])("%s", (_case, watched, rate, expected) => {
  expect(nextPollDelayMs(DEFAULT_TICKS, watched, rate, NOW)).toBe(expected);
});
