"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.leaf = exports.node = void 0;
exports.answerPacket = answerPacket;
const fast_xml_parser_1 = require("fast-xml-parser");
const node = (name, ...children) => ({ [name]: children });
exports.node = node;
const leaf = (name, value) => ({ [name]: [{ "#text": String(value) }] });
exports.leaf = leaf;
const builder = new fast_xml_parser_1.XMLBuilder({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    suppressEmptyNode: true,
    processEntities: true,
    format: true,
    indentBy: "  ",
});
/** `<packet version>` around the given children, with the declaration Plesk writes for it. */
function answerPacket(version, children, declaration) {
    return `${declaration}\n${builder.build([{ packet: children, ":@": { "@_version": version } }]).trim()}\n`;
}
//# sourceMappingURL=answer-xml.js.map