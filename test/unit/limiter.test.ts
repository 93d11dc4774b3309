import { Limiter } from "../../provider/basics/limiter";

test("a limiter runs at most its limit at once, in arrival order, and survives failures", async () => {
  const limiter = new Limiter(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const releases: (() => void)[] = [];
  const work = (i: number) =>
    limiter.run(async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise<void>((release) => releases.push(release));
      running--;
      if (i === 1) throw new Error("fails");
      return i;
    });
  const results = [0, 1, 2, 3, 4].map((i) => work(i).catch((e: Error) => e.message));
  while (order.length < 5) {
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
  }
  releases.forEach((release) => release());
  expect(await Promise.all(results)).toEqual([0, "fails", 2, 3, 4]);
  expect(order).toEqual([0, 1, 2, 3, 4]);
  expect(peak).toBe(2);
});
