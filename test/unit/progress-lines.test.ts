import { DownloadProgress } from "../../provider/resources/aps-package/download-progress";
import { DeliveryProgress } from "../../provider/resources/prepared-delivery/delivery-progress";

const MB = 1_000_000;
const running = (completedBytes: number) => ({ taskId: "7", state: "running" as const, totalBytes: 100 * MB, completedBytes });
const inProgress = (progress: number) => ({ catalogId: "map-7", state: "inProgress" as const, progress, artifacts: [] });

// A line says the percent the look found, once per quarter passed; looks come when the end is due.
test("a download's lines say the percent found, one per quarter passed", () => {
  const lines: string[] = [];
  let now = 0;
  const progress = new DownloadProgress("Map 1.0-1", "7", (line) => lines.push(line), { now: () => now });
  for (const [at, percent] of [
    [0, 0],
    [1_000, 61],
    [1_500, 70],
    [2_000, 80],
    [2_500, 99],
  ]) {
    now = at;
    progress.observe(running(percent * MB));
  }
  expect(lines).toEqual([
    "Map 1.0-1: downloading (100.0 MB) as task 7",
    "Map 1.0-1: 61% (61.0 MB of 100.0 MB, 61.0 MB/s)",
    "Map 1.0-1: 80% (80.0 MB of 100.0 MB, 40.0 MB/s)",
  ]);
});

test("a resumed download's rate counts from its first look, and its closing account says the wait was this run's", () => {
  const lines: string[] = [];
  let now = 0;
  const progress = new DownloadProgress("Map 1.0-1", "7", (line) => lines.push(line), { resumed: true, now: () => now });
  for (const [at, percent] of [
    [100, 60], // 60 MB came in an earlier run
    [2_100, 80],
  ]) {
    now = at;
    progress.observe(running(percent * MB));
  }
  now = 4_000;
  expect(lines).toEqual([
    "Map 1.0-1: downloading (100.0 MB) as task 7",
    "Map 1.0-1: 60% (60.0 MB of 100.0 MB)",
    "Map 1.0-1: 80% (80.0 MB of 100.0 MB, 10.0 MB/s)",
  ]);
  expect(progress.summary()).toBe(" (100.0 MB; resumed, 4.0 s of waiting in this run)");
});

test("a delivery's lines say the percent found, one per quarter passed", () => {
  const lines: string[] = [];
  const progress = new DeliveryProgress("map-7 for device-17", (line) => lines.push(line));
  for (const percent of [3, 61, 70, 74, 76]) progress.observe(inProgress(percent));
  expect(lines).toEqual([
    "map-7 for device-17: GetApp is preparing it",
    "map-7 for device-17: 61% prepared",
    "map-7 for device-17: 76% prepared",
  ]);
});
