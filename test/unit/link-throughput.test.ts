import { LinkThroughput, THROUGHPUT_WINDOW_MS } from "../../provider/resources/aps-package/link-throughput";

describe("the download link's throughput", () => {
  test("is unknown before a busy interval", () => {
    expect(new LinkThroughput().bytesPerMs()).toBeUndefined();
  });

  test("spans the window, so one short interval measured badly barely moves it", () => {
    const link = new LinkThroughput();
    let at = 0;
    // Two seconds at 100 bytes/ms in polls 400 ms apart, then a 50 ms interval measured 10 ms long.
    for (let i = 0; i < 5; i++) link.add((at += 400), 40_000, 400);
    link.add((at += 50), 5_000, 40);
    expect(link.bytesPerMs()).toBeCloseTo(205_000 / (5 * 400 + 40), 6);
    expect(Math.abs(link.bytesPerMs()! - 100)).toBeLessThan(1.5);
  });

  test("forgets what the newer intervals already cover", () => {
    const link = new LinkThroughput();
    let at = 0;
    for (let i = 0; i < 10; i++) link.add((at += 500), 50_000, 500);
    // The link slowed to 10 bytes/ms: after a window of it, the old rate is gone.
    for (let i = 0; i < THROUGHPUT_WINDOW_MS / 500; i++) link.add((at += 500), 5_000, 500);
    expect(link.bytesPerMs()).toBe(10);
  });

  test("keeps the newest interval however long it lasted", () => {
    const link = new LinkThroughput();
    link.add(1_000, 1_000, 1_000);
    link.add(11_000, 20_000, 10_000);
    expect(link.bytesPerMs()).toBe(2);
  });

  test("forgets intervals a minute old even when the newer ones are short", () => {
    const link = new LinkThroughput();
    link.add(1_000, 100_000, 1_000);
    link.add(70_000, 500, 50);
    expect(link.bytesPerMs()).toBe(10);
  });

  test("ignores an interval in which nothing moved or no time passed", () => {
    const link = new LinkThroughput();
    link.add(1_000, 1_000, 100);
    link.add(1_100, 0, 100);
    link.add(1_100, 500, 0);
    expect(link.bytesPerMs()).toBe(10);
  });
});
