"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sample = sample;
exports.comparable = comparable;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const request_tree_1 = require("../../sandbox/request-tree");
/** A request or answer sample from Plesk's documentation, byte for byte. */
function sample(name) {
    return (0, node_fs_1.readFileSync)((0, node_path_1.join)(__dirname, "..", "fixtures", "plesk-samples", `${name}.xml`), "utf8");
}
function comparable(xml) {
    const element = typeof xml === "string" ? (0, request_tree_1.parseRequestTree)(xml) : xml;
    return { name: element.name, text: element.text.trim(), children: element.children.map(comparable) };
}
//# sourceMappingURL=samples.js.map