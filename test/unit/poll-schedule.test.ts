import { DEFAULT_TICKS, nextPollDelayMs, type WatchedDownload } from "../../provider/resources/aps-package/poll-schedule";

const NOW = 1_000_000;
const running = (totalBytes: number, completedBytes: number, seenMsAgo = 0) => ({
  status: { taskId: "1", state: "running" as const, totalBytes, completedBytes },
  at: NOW - seenMsAgo,
});
const queued = { status: { taskId: "1", state: "queued" as const, totalBytes: 0, completedBytes: 0 }, at: NOW };
const { minMs, shortMs, idleMs, longMs } = DEFAULT_TICKS;
const exactly = (bytesPerMs: number) => ({ bytesPerMs, fastestBytesPerMs: bytesPerMs });

// One get-download-status packet per tick for every download: the tick comes when the soonest should end.
test.each<[string, WatchedDownload[], number]>([
  ["nothing watched", [], longMs],
  ["just started, no status yet: soon, it may be short", [{}], minMs],
  ["queued", [{ last: queued }], idleMs],
  ["Windows' 0/0 report", [{ last: running(0, 0) }], idleMs],
  ["running, no rate yet", [{ last: running(1000, 10) }], shortMs],
  ["running, ends in 300 ms by its rate", [{ last: running(1000, 700), rate: exactly(1) }], 300 + 5],
  ["running, 100 ms of it already passed", [{ last: running(1000, 700, 100), rate: exactly(1) }], 200 + 5],
  ["running, ends almost now: never sooner than minMs", [{ last: running(1000, 999), rate: exactly(1) }], minMs],
  ["running, ends in an hour: never later than longMs", [{ last: running(10_000_000, 0), rate: exactly(1) }], longMs],
  [
    "the soonest of several decides",
    [{ last: queued }, { last: running(1000, 600), rate: exactly(1) }, { last: running(1000, 900), rate: exactly(1) }],
    100 + 5,
  ],
  ["just started behind a running download: its predicted end", [{}, { last: running(1000, 700), rate: exactly(1) }], 300 + 5],
  [
    "a rate the polls' timing leaves twice as fast maybe: the earliest end it allows",
    [{ last: running(1000, 700), rate: { bytesPerMs: 1, fastestBytesPerMs: 2 } }],
    150,
  ],
  [
    "a rate that leaves the end uncertain by less than a short tick: its likeliest end",
    [{ last: running(1000, 700), rate: { bytesPerMs: 1, fastestBytesPerMs: 1.4 } }],
    300 + 5,
  ],
  [
    "polls closer than their doubt: any rate possible, so soon",
    [{ last: running(1000, 700), rate: { bytesPerMs: 1, fastestBytesPerMs: Number.POSITIVE_INFINITY } }],
    minMs,
  ],
  ["just started behind one with no rate yet", [{}, { last: running(1000, 700) }], minMs],
  ["just started beside queued ones only", [{}, { last: queued }], minMs],
])("%s", (_case, watched, expected) => {
  expect(nextPollDelayMs(DEFAULT_TICKS, watched, NOW)).toBe(expected);
});
