"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.benchCodec = benchCodec;
const fast_xml_parser_1 = require("fast-xml-parser");
const aps_1 = require("../provider/plesk/aps");
const packet_1 = require("../provider/plesk/packet");
/**
 * Codec cost: our parse of a 10,000-package get-packages-list answer (validation, hardened
 * options, typed reading) and our build of it, each against bare fast-xml-parser with default
 * options on the same text, measured in the same run.
 */
const PACKAGES = 10_000;
const ROUNDS = 7;
function answerTree() {
    const packages = Array.from({ length: PACKAGES }, (_, i) => ({
        name: `App ${i} & Co`,
        version: `6.${i % 20}`,
        release: String(i % 7),
        vendor: "http://vendor.example/",
        packager: "http://plesk.com/",
        is_uploaded: "0",
        is_visible: "1",
        global_settings_not_set: "0",
        id: String(i + 1),
    }));
    return { packet: { "@_version": "1.6.9.1", aps: { "get-packages-list": { result: { status: "ok", package: packages } } } } };
}
function median(samples) {
    return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}
function time(run) {
    const started = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - started) / 1e6;
}
async function benchCodec() {
    const tree = answerTree();
    const text = (0, packet_1.buildXml)(tree);
    const bareParser = new fast_xml_parser_1.XMLParser();
    const bareBuilder = new fast_xml_parser_1.XMLBuilder({ ignoreAttributes: false });
    const fromText = { send: async () => (0, packet_1.readAnswer)(text, "aps", "get-packages-list") };
    const ours = [];
    const bare = [];
    const oursBuild = [];
    const bareBuild = [];
    for (let round = 0; round < ROUNDS; round++) {
        const started = process.hrtime.bigint();
        const listed = await (0, aps_1.listServerPackages)(fromText);
        ours.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (listed.length !== PACKAGES)
            throw new Error(`read ${listed.length} packages`);
        bare.push(time(() => bareParser.parse(text)));
        oursBuild.push(time(() => (0, packet_1.buildXml)(tree)));
        bareBuild.push(time(() => bareBuilder.build(tree)));
    }
    const parseRatio = median(ours) / median(bare);
    const buildRatio = median(oursBuild) / median(bareBuild);
    return {
        parseRatio,
        buildRatio,
        rows: [
            ["codec: parse 10,000 packages", `${median(ours).toFixed(1)} ms`, `${median(bare).toFixed(1)} ms`, `${parseRatio.toFixed(2)}x`],
            ["codec: build 10,000 packages", `${median(oursBuild).toFixed(1)} ms`, `${median(bareBuild).toFixed(1)} ms`, `${buildRatio.toFixed(2)}x`],
        ],
    };
}
if (require.main === module) {
    benchCodec().then(({ rows }) => rows.forEach((row) => console.log(row.join("  |  "))));
}
//# sourceMappingURL=codec.js.map