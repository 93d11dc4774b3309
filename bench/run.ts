import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sourceLoading } from "../harness/loadings";
import { REPO_ROOT } from "../harness/paths";
import { BUSY_SERVER_MODEL, implementations, SERVER_MODEL, type Implementation } from "./bench-setup";
import { answerShapes, hostPeakWithAnswer, pollingShape } from "./answer-memory";
import { benchCodec } from "./codec";
import { benchDownloads } from "./downloads";
import { hostStartupMs, pluginStartupMs } from "./footprint";
import { benchRefresh } from "./refresh";
import { benchThroughCli, type CliRow, type Curves } from "./cli-section";
import { curvesSvg } from "./curves-chart";
import { ms, times, verdict } from "./formats";

/** Where a full run draws its curves, for the README's Performance section. */
const CURVES_SVG = join(REPO_ROOT, "docs", "performance-curves.svg");

/**
 * `npm run bench`: every figure beside its baseline measured in the same run, and each target's
 * verdict. BENCH_QUICK=1 runs the small sizes only.
 */
type Row = [figure: string, ours: string, baseline: string, ratio: string, target: string, verdict: string];

const rows: Row[] = [];
let cliRows: CliRow[] = [];
let curves: Curves | undefined;
const row = (figure: string, ours: string, baseline: string, ratio: string, target = "", ok?: boolean) =>
  rows.push([figure, ours, baseline, ratio, target, verdict(ok)]);
const progress = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === "1";
  // BENCH_ONLY=memory,codec runs those sections alone; "fleet" is the CLI section's fleet runs alone.
  const only = process.env.BENCH_ONLY?.split(",");
  const runs = (section: string) => only === undefined || only.includes(section);
  if (runs("cli") || runs("fleet")) ({ rows: cliRows, curves } = await benchThroughCli(quick, progress, runs("cli")));
  // Only a full run's curves reach docs/; a quick or matched run prints its few points.
  if (curves && !quick && process.env.BENCH_MATCH === undefined) {
    const caption = `--parallel ${curves.parallel} (the CLI's default), 20 ms of server work a packet, 4 at a time, short downloads`;
    writeFileSync(CURVES_SVG, curvesSvg(curves, caption));
  }
  if (only === undefined || only.some((section) => section !== "cli" && section !== "fleet")) {
    const { ours, baseline, remove } = await implementations();
    try {
      await hostSections(ours, baseline, quick, runs);
    } finally {
      remove();
    }
  }
  finish();
}

/** The figures through the provider host, every resource handed over at once. */
async function hostSections(
  ours: Implementation,
  baseline: Implementation,
  quick: boolean,
  runs: (section: string) => boolean,
): Promise<void> {
  for (const k of !runs("downloads") ? [] : quick ? [1, 10] : [1, 10, 100, 300]) {
    progress(`downloads, K = ${k} ...`);
    const a = await benchDownloads(ours, k);
    const b = await benchDownloads(baseline, k);
    const perTick = k === 300;
    row(`downloads K=${k}: requests to Plesk`, String(a.requests), String(b.requests), times(b.requests / a.requests));
    row(
      `downloads K=${k}: status packets`,
      String(a.statusPackets),
      String(b.statusPackets),
      times(b.statusPackets / a.statusPackets),
      perTick ? ">= 50x fewer than baseline" : "",
      perTick ? b.statusPackets / a.statusPackets >= 50 : undefined,
    );
    row(
      `downloads K=${k}: completion noticed after, mean (max)`,
      `${ms(a.meanNoticedMs)} (${ms(a.maxNoticedMs)})`,
      `${ms(b.meanNoticedMs)} (${ms(b.maxNoticedMs)})`,
      times(a.meanNoticedMs / b.meanNoticedMs),
      "<= 0.1x baseline, max within one short tick (100 ms)",
      a.meanNoticedMs <= b.meanNoticedMs / 10 && a.maxNoticedMs <= 100,
    );
    row(
      `downloads K=${k}: finish to create returning, mean`,
      ms(a.meanReturnMs),
      ms(b.meanReturnMs),
      times(a.meanReturnMs / b.meanReturnMs),
    );
    const slack = a.wallMs / (a.simulatedMs + 100);
    row(
      `downloads K=${k}: wall time / simulated download time`,
      `${ms(a.wallMs)} / ${ms(a.simulatedMs)}`,
      `${ms(b.wallMs)} / ${ms(b.simulatedMs)}`,
      times(a.wallMs / a.simulatedMs),
      perTick ? "<= 1.05 x (simulated + one tick)" : "",
      perTick ? slack <= 1.05 : undefined,
    );
    row(
      `downloads K=${k}: host peak memory`,
      `${a.hostMemoryMb.toFixed(0)} MB`,
      `${b.hostMemoryMb.toFixed(0)} MB`,
      times(a.hostMemoryMb / b.hostMemoryMb),
      perTick ? "< 200 MB" : "",
      perTick ? a.hostMemoryMb < 200 : undefined,
    );
  }

  const refreshRuns = !runs("refresh")
    ? []
    : quick
      ? [{ n: 10, parallel: 10, server: SERVER_MODEL }]
      : [
          ...[10, 100, 300].map((n) => ({ n, parallel: n, server: SERVER_MODEL })),
          { n: 300, parallel: 16, server: SERVER_MODEL },
          { n: 300, parallel: 300, server: BUSY_SERVER_MODEL },
        ];
  for (const { n, parallel, server } of refreshRuns) {
    progress(`refresh, N = ${n}, parallel ${parallel}, ${server.requestLatencyMs} ms per request ...`);
    const a = await benchRefresh(ours, n, parallel, server);
    const b = await benchRefresh(baseline, n, parallel, server);
    const target = n === 300 && parallel === n && server === SERVER_MODEL;
    const label = `refresh N=${n}, ${parallel === n ? "all at once" : "--parallel 16"}, ${server.requestLatencyMs} ms/request`;
    row(
      `${label}: read packets`,
      String(a.readPackets),
      String(b.readPackets),
      times(b.readPackets / a.readPackets),
      target ? "<= 3 packets" : "",
      target ? a.readPackets <= 3 : undefined,
    );
    // No target: refresh time is judged through the CLI, against the engine floor.
    row(`${label}: wall time`, ms(a.wallMs), ms(b.wallMs), times(b.wallMs / a.wallMs));
  }

  if (runs("codec")) {
    progress("codec ...");
    const codec = await benchCodec();
    row(
      "codec: parse a 10,000-package answer",
      ms(codec.parseMs),
      ms(codec.bareParseMs),
      times(codec.parseMs / codec.bareParseMs),
      "<= 1.5x bare fast-xml-parser",
      codec.parseMs <= 1.5 * codec.bareParseMs,
    );
    row(
      "codec: build a 10,000-package answer",
      ms(codec.buildMs),
      ms(codec.bareBuildMs),
      times(codec.buildMs / codec.bareBuildMs),
      "<= 1.5x bare fast-xml-parser",
      codec.buildMs <= 1.5 * codec.bareBuildMs,
    );
  }

  if (runs("memory")) {
    progress("memory with the largest answers ...");
    const [reference, ...shapes] = answerShapes();
    const base = await hostPeakWithAnswer(ours, reference);
    for (const shape of [...shapes, pollingShape()]) {
      const { peakMb, answerMb, answers } = await hostPeakWithAnswer(ours, shape);
      const label = `host peak memory, ${shape.label} (${answerMb.toFixed(1)} MB${answers > 1 ? `, ${answers} answers` : ""})`;
      row(label, `${peakMb.toFixed(0)} MB`, `${base.peakMb.toFixed(0)} MB`, times(peakMb / base.peakMb), "< 300 MB", peakMb < 300);
    }
  }

  if (!runs("footprint")) return;
  progress("footprint ...");
  const installed = { projectDir: ours.projectDir, providerText: ours.providerText };
  const source = await sourceLoading();
  row(
    "__provider bytes, installed package",
    String(installed.providerText.length),
    String(baseline.providerText.length),
    times(installed.providerText.length / baseline.providerText.length),
    "< 8 KB",
    installed.providerText.length < 8 * 1024,
  );
  row(
    "__provider bytes, repository source",
    String(source.providerText.length),
    String(baseline.providerText.length),
    times(source.providerText.length / baseline.providerText.length),
  );
  const startOurs = await hostStartupMs(installed.projectDir, ours.type, installed.providerText);
  const startBaseline = await hostStartupMs(baseline.projectDir, baseline.type, baseline.providerText);
  row("host start-up to first answer (installed)", ms(startOurs), ms(startBaseline), times(startOurs / startBaseline));
  const startPlugin = await pluginStartupMs(installed.projectDir);
  // Beside it, the dynamic provider's host: the other front door of the same code.
  row(
    "native plesk plugin start-up to first answer, beside the dynamic host's",
    ms(startPlugin),
    ms(startOurs),
    times(startPlugin / startOurs),
  );
}

function finish(): void {
  if (cliRows.length > 0) {
    console.log("Through the Pulumi CLI:\n");
    printTable(["figure", "dynamic provider", "native plugin", "baseline", "engine floor", "target", "verdict"], cliRows);
    console.log("");
  }
  if (curves) {
    console.log("Curves, wall at the CLI's default parallelism (what docs/performance-curves.svg draws):\n");
    printTable(["command", "N", "ApsPackage", "native plugin", "baseline", "engine floor"], curveTable(curves));
    console.log("");
  }
  if (rows.length > 0) {
    console.log("Through the provider host (every resource handed over at once):\n");
    printTable(["figure", "ApsPackage", "baseline", "ratio", "target", "verdict"], rows);
  }
  if ([...rows, ...cliRows].some((r) => r[r.length - 1] === "FAIL")) process.exitCode = 1;
}

function curveTable({ up, refresh }: Curves): string[][] {
  return (["up", "refresh"] as const).flatMap((command) => {
    const curve = command === "up" ? up : refresh;
    const counts = [...new Set([...curve.values()].flat().map(([count]) => count))].sort((a, b) => a - b);
    const at = (contender: "ours" | "plugin" | "baseline" | "floor", count: number) => {
      const point = curve.get(contender)?.find(([n]) => n === count);
      return point ? ms(point[1]) : "-";
    };
    return counts.map((count) => [
      command,
      String(count),
      at("ours", count),
      at("plugin", count),
      at("baseline", count),
      at("floor", count),
    ]);
  });
}

function printTable(header: string[], table: string[][]): void {
  const all = [header, ...table];
  const widths = header.map((_, column) => Math.max(...all.map((r) => r[column].length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  table.forEach((r) => console.log(line(r)));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
