"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const codec_1 = require("./codec");
/** `npm run bench`: every figure beside its baseline from the same run, and each target's verdict. */
async function main() {
    const rows = [["figure", "ours", "baseline", "ratio", "target", "verdict"]];
    const codec = await (0, codec_1.benchCodec)();
    const verdict = (ok) => (ok ? "pass" : "FAIL");
    rows.push([...codec.rows[0], "<= 1.5x bare fast-xml-parser", verdict(codec.parseRatio <= 1.5)]);
    rows.push([...codec.rows[1], "<= 1.5x bare fast-xml-parser", verdict(codec.buildRatio <= 1.5)]);
    printTable(rows);
    if (rows.some((row) => row[5] === "FAIL"))
        process.exitCode = 1;
}
function printTable(rows) {
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
    console.log(line(rows[0]));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    rows.slice(1).forEach((row) => console.log(line(row)));
}
main().catch((error) => {
    console.error(error);
    process.exit(1);
});
//# sourceMappingURL=run.js.map