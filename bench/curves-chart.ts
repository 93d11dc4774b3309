import type { Contender } from "./cli-bench";
import type { Curves } from "./cli-section";

/** How each contender is drawn and named in the legend. */
const STYLES: Readonly<Record<Contender, { readonly label: string; readonly color: string; readonly dash: string }>> = {
  ours: { label: "ApsPackage (dynamic provider)", color: "#1f6feb", dash: "" },
  plugin: { label: "native plesk plugin", color: "#2da44e", dash: "6 3" },
  baseline: { label: "baseline (common client)", color: "#cf222e", dash: "" },
  floor: { label: "engine floor (provider does nothing)", color: "#6e7781", dash: "2 3" },
};
const ORDER: readonly Contender[] = ["baseline", "ours", "plugin", "floor"];

const PANEL = { width: 420, height: 300, left: 56, right: 16, top: 40, bottom: 44 };
const LEGEND_HEIGHT = 28 * 2;

/**
 * Wall time against N for `pulumi up` and `pulumi refresh`, side by side, as an SVG: N on a log
 * axis, seconds on a linear one from zero. Every point drawn is one the run measured.
 */
export function curvesSvg(curves: Curves, caption: string): string {
  const width = PANEL.width * 2;
  const height = PANEL.height + LEGEND_HEIGHT + 24;
  const panels = [panel("pulumi up", curves.up, 0), panel("pulumi refresh", curves.refresh, PANEL.width)];
  const legend = ORDER.map((contender, i) => {
    const x = 24 + (i % 2) * 400;
    const y = PANEL.height + 20 + Math.floor(i / 2) * 24;
    const { label, color, dash } = STYLES[contender];
    return (
      `<line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" stroke="${color}" stroke-width="2.5" stroke-dasharray="${dash}"/>` +
      `<text x="${x + 36}" y="${y + 4}">${label}</text>`
    );
  }).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...panels,
    legend,
    `<text x="${width / 2}" y="${height - 8}" text-anchor="middle" fill="#57606a">${escape(caption)}</text>`,
    "</svg>",
    "",
  ].join("\n");
}

function panel(title: string, curve: Curves["up"], offsetX: number): string {
  const points = [...curve.values()].flat();
  const counts = [...new Set(points.map(([count]) => count))].sort((a, b) => a - b);
  const maxSeconds = niceCeiling(Math.max(...points.map(([, wallMs]) => wallMs / 1000)));
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const [low, high] = [Math.log10(counts[0]), Math.log10(counts[counts.length - 1])];
  const x = (count: number) => offsetX + PANEL.left + ((Math.log10(count) - low) / Math.max(high - low, 1e-9)) * plotWidth;
  const y = (seconds: number) => PANEL.top + plotHeight - (seconds / maxSeconds) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => share * maxSeconds);
  const grid = ticks
    .map(
      (seconds) =>
        `<line x1="${offsetX + PANEL.left}" y1="${y(seconds)}" x2="${offsetX + PANEL.left + plotWidth}" y2="${y(seconds)}" stroke="#d0d7de"/>` +
        `<text x="${offsetX + PANEL.left - 6}" y="${y(seconds) + 4}" text-anchor="end">${trim(seconds)}</text>`,
    )
    .join("");
  const xTicks = counts
    .map((count) => `<text x="${x(count)}" y="${PANEL.top + plotHeight + 16}" text-anchor="middle">${count.toLocaleString("en")}</text>`)
    .join("");
  const lines = ORDER.flatMap((contender) => {
    const measured = curve.get(contender);
    if (!measured || measured.length === 0) return [];
    const { color, dash } = STYLES[contender];
    const path = measured.map(([count, wallMs]) => `${x(count).toFixed(1)},${y(wallMs / 1000).toFixed(1)}`).join(" ");
    const dots = measured
      .map(([count, wallMs]) => `<circle cx="${x(count).toFixed(1)}" cy="${y(wallMs / 1000).toFixed(1)}" r="3" fill="${color}"/>`)
      .join("");
    return [`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2.5" stroke-dasharray="${dash}"/>${dots}`];
  }).join("");
  return [
    `<text x="${offsetX + PANEL.width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${title}</text>`,
    grid,
    xTicks,
    `<text x="${offsetX + PANEL.left + plotWidth / 2}" y="${PANEL.top + plotHeight + 34}" text-anchor="middle">resources (N)</text>`,
    `<text x="${offsetX + 14}" y="${PANEL.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 ${offsetX + 14} ${PANEL.top + plotHeight / 2})">wall time (s)</text>`,
    lines,
  ].join("\n");
}

/** 1, 2 or 5 times a power of ten, at least `value`: a round top for the axis. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1e-3)));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

function trim(value: number): string {
  return Number(value.toFixed(2)).toString();
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
