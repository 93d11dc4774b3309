import { EndEstimate, nextLookAt, type LookWindow } from "../../provider/resources/prepared-delivery/end-estimate";

const WINDOW: LookWindow = { minMs: 50, longMs: 15_000, precisionMs: 100 };

/**
 * A preparation copying from 500 ms for `copyMs`, reported in whole percents; each look is read
 * at `readAt` of its `roundTripMs`. Looks come every 100 ms until the estimate has bounds, then
 * as `nextLookAt` places them. Returns the looks made once bounded, and how late the end was seen.
 */
function simulate(copyMs: number, roundTripMs: number, readAt: number) {
  const startsAt = 500;
  const endsAt = startsAt + copyMs;
  const estimate = new EndEstimate();
  let at = 1_000;
  let looks = 0;
  for (;;) {
    if (estimate.bounds()) looks++;
    if (looks > 1_000) throw new Error("never saw the end");
    const read = at + roundTripMs * readAt;
    if (read >= endsAt) return { looks, lateMs: read - endsAt };
    const percent = Math.min(99, Math.floor(((read - startsAt) / copyMs) * 100));
    estimate.add({ percent, sentAt: at, answeredAt: at + roundTripMs });
    const now = at + roundTripMs;
    at = nextLookAt(estimate, now, WINDOW) ?? now + 100;
  }
}

test.each([
  [20_000, 20, 0.5],
  [120_000, 20, 0],
  [120_000, 20, 1],
  [600_000, 40, 0.3],
  [7_300, 10, 0.9],
])("a %i ms copy, %i ms round trips: the end is seen within a short tick, in few looks", (copyMs, roundTripMs, readAt) => {
  const { looks, lateMs } = simulate(copyMs, roundTripMs, readAt);
  expect(lateMs).toBeLessThanOrEqual(WINDOW.precisionMs);
  // A look every longMs or a little sooner (where a percent is crossed), and a handful to find the end.
  expect(looks).toBeLessThanOrEqual(Math.ceil(copyMs / (WINDOW.longMs * 0.6)) + 10);
});

test("no bounds until the percent has moved", () => {
  const estimate = new EndEstimate();
  estimate.add({ percent: 3, sentAt: 0, answeredAt: 10 });
  estimate.add({ percent: 3, sentAt: 100, answeredAt: 110 });
  expect(estimate.bounds()).toBeUndefined();
  estimate.add({ percent: 5, sentAt: 1_000, answeredAt: 1_010 });
  const bounds = estimate.bounds()!;
  // From [3, 4) to [5, 6) percent in 990 to 1010 ms: 1 to 3 percent a second, so 94 to 95 percent more takes 31 to 96 s.
  expect(bounds.earliest).toBeGreaterThan(1_000 + 31_000);
  expect(bounds.latest).toBeLessThan(1_010 + 96_000);
});

test("a preparation that slows down is estimated again from its last two sightings", () => {
  const estimate = new EndEstimate();
  estimate.add({ percent: 10, sentAt: 0, answeredAt: 10 });
  estimate.add({ percent: 20, sentAt: 1_000, answeredAt: 1_010 });
  estimate.add({ percent: 21, sentAt: 11_000, answeredAt: 11_010 });
  const { earliest } = estimate.bounds()!;
  // At a tenth of the speed, 79 percent more takes about 79 s, not 8.
  expect(earliest).toBeGreaterThan(11_000 + 60_000);
});
