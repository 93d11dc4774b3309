import { LinkThroughput, THROUGHPUT_WINDOW_MS } from "../../provider/resources/aps-package/link-throughput";

const poll = (at: number, doubtMs = 0) => ({ at, doubtMs });

/** Polls `ms` apart, each interval moving `bytes`, the first at `from`; returns the last poll's time. */
function busyPolls(link: LinkThroughput, from: number, count: number, ms: number, bytes: number, doubtMs = 0): number {
  let at = from;
  for (let i = 0; i < count; i++) {
    link.add(poll(at, doubtMs), poll(at + ms, doubtMs), bytes);
    at += ms;
  }
  return at;
}

describe("the download link's throughput", () => {
  test("is unknown before a busy interval", () => {
    expect(new LinkThroughput().rate()).toBeUndefined();
  });

  test("spans the window, so one short interval measured badly barely moves it", () => {
    const link = new LinkThroughput();
    // Two seconds at 100 bytes/ms in polls 400 ms apart, then a 50 ms interval measured 40 ms long.
    const at = busyPolls(link, 0, 5, 400, 40_000);
    link.add(poll(at), poll(at + 40), 5_000);
    expect(link.rate()!.bytesPerMs).toBeCloseTo(205_000 / (5 * 400 + 40), 6);
    expect(Math.abs(link.rate()!.bytesPerMs - 100)).toBeLessThan(1.5);
  });

  test("forgets what the newer intervals already cover", () => {
    const link = new LinkThroughput();
    const at = busyPolls(link, 0, 10, 500, 50_000);
    // The link slowed to 10 bytes/ms: after a window of it, the old rate is gone.
    busyPolls(link, at, THROUGHPUT_WINDOW_MS / 500, 500, 5_000);
    expect(link.rate()!.bytesPerMs).toBe(10);
  });

  test("keeps the newest interval however long it lasted", () => {
    const link = new LinkThroughput();
    link.add(poll(0), poll(1_000), 1_000);
    link.add(poll(1_000), poll(11_000), 20_000);
    expect(link.rate()!.bytesPerMs).toBe(2);
  });

  test("forgets intervals a minute old even when the newer ones are short", () => {
    const link = new LinkThroughput();
    link.add(poll(0), poll(1_000), 100_000);
    link.add(poll(69_950), poll(70_000), 500);
    expect(link.rate()!.bytesPerMs).toBe(10);
  });

  test("ignores an interval in which nothing moved or no time passed", () => {
    const link = new LinkThroughput();
    link.add(poll(1_000), poll(1_100), 1_000);
    link.add(poll(1_100), poll(1_200), 0);
    link.add(poll(1_200), poll(1_200), 500);
    expect(link.rate()!.bytesPerMs).toBe(10);
  });
});

describe("how fast the link may be, given when the polls may have read the server", () => {
  test("two polls 70 ms apart, each read within 15 ms of its middle: as if 40 ms apart", () => {
    const link = new LinkThroughput();
    link.add(poll(0, 15), poll(70, 15), 7_000);
    expect(link.rate()).toEqual({ bytesPerMs: 100, fastestBytesPerMs: 175 });
  });

  test("polls closer than their doubt allow any rate", () => {
    const link = new LinkThroughput();
    link.add(poll(0, 20), poll(30, 20), 3_000);
    expect(link.rate()!.fastestBytesPerMs).toBe(Number.POSITIVE_INFINITY);
  });

  test("adjoining intervals doubt only their outer polls: a window of them is nearly exact", () => {
    const link = new LinkThroughput();
    busyPolls(link, 0, 20, 100, 10_000, 15);
    // 2,000 ms of busy time, 30 ms of doubt, not 20 × 30.
    expect(link.rate()).toEqual({ bytesPerMs: 100, fastestBytesPerMs: 200_000 / 1_970 });
  });

  test("intervals apart from each other (the link idled between) each doubt both ends", () => {
    const link = new LinkThroughput();
    link.add(poll(0, 10), poll(500, 10), 50_000);
    link.add(poll(2_000, 10), poll(2_500, 10), 50_000);
    expect(link.rate()).toEqual({ bytesPerMs: 100, fastestBytesPerMs: 100_000 / 960 });
  });
});
