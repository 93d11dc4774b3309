"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MalformedRequest = void 0;
exports.parseRequestTree = parseRequestTree;
const fast_xml_parser_1 = require("fast-xml-parser");
const packet_1 = require("../provider/plesk/packet");
/** A request Plesk's parser would refuse: the text after "Error in line N: ". */
class MalformedRequest extends Error {
    line;
    detail;
    constructor(line, detail) {
        super(`Parser error: Request is invalid. Error in line ${line}: ${detail}`);
        this.line = line;
        this.detail = detail;
    }
}
exports.MalformedRequest = MalformedRequest;
const parser = new fast_xml_parser_1.XMLParser({
    ...packet_1.HARDENED_PARSER_OPTIONS,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    preserveOrder: true,
    captureMetaData: true,
});
const META = fast_xml_parser_1.XMLParser.getMetaDataSymbol();
/** Parses a request packet, keeping element order. Throws MalformedRequest. */
function parseRequestTree(text) {
    if (/<!DOCTYPE/i.test(text))
        throw new MalformedRequest(lineAt(text, text.search(/<!DOCTYPE/i)), "DOCTYPE is not allowed");
    const validation = fast_xml_parser_1.XMLValidator.validate(text);
    if (validation !== true)
        throw new MalformedRequest(validation.err.line, validation.err.msg);
    let nodes;
    try {
        nodes = parser.parse(text);
    }
    catch (cause) {
        throw new MalformedRequest(1, cause.message);
    }
    const roots = nodes.map((node) => toElement(node, text)).filter((element) => element.name !== "?xml");
    if (roots.length !== 1)
        throw new MalformedRequest(1, "Extra content at the end of the document");
    return roots[0];
}
function toElement(node, source) {
    const name = Object.keys(node).find((key) => key !== ":@");
    const content = node[name];
    const children = [];
    let text = "";
    for (const child of content) {
        if ("#text" in child)
            text += String(child["#text"]);
        else
            children.push(toElement(child, source));
    }
    return { name, attributes: node[":@"] ?? {}, children, text, line: lineAt(source, node[META]?.startIndex ?? 0) };
}
function lineAt(text, index) {
    let line = 1;
    for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1))
        line++;
    return line;
}
//# sourceMappingURL=request-tree.js.map