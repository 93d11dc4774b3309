"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.XML_DECLARATION = exports.HARDENED_PARSER_OPTIONS = exports.MAX_ANSWER_DEPTH = exports.PROTOCOL_VERSION = void 0;
exports.buildRequestPacket = buildRequestPacket;
exports.buildXml = buildXml;
exports.readAnswer = readAnswer;
exports.invalidAnswer = invalidAnswer;
exports.children = children;
exports.childText = childText;
exports.hasChild = hasChild;
exports.readResults = readResults;
exports.resultError = resultError;
const fast_xml_parser_1 = require("fast-xml-parser");
const errors_1 = require("./errors");
/** The packet version we speak; Plesk answers in the version it was asked. */
exports.PROTOCOL_VERSION = "1.6.9.1";
exports.MAX_ANSWER_DEPTH = 32;
/** Options any parser of Plesk traffic must use, request or answer. */
exports.HARDENED_PARSER_OPTIONS = {
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Declared entities never arrive: a DOCTYPE is refused before parsing. The predefined and
    // numeric references (`&amp;`, `&#1046;`) only shrink text, so their count needs no cap; a
    // long package list holds thousands. `htmlEntities` is what turns on numeric references.
    htmlEntities: true,
    processEntities: { enabled: true, maxTotalExpansions: Number.MAX_SAFE_INTEGER, maxExpandedLength: Number.MAX_SAFE_INTEGER },
    maxNestedTags: exports.MAX_ANSWER_DEPTH,
    strictReservedNames: true,
    onDangerousProperty: (name) => {
        throw new Error(`element name "${name}" is not allowed`);
    },
};
const answerParser = new fast_xml_parser_1.XMLParser({ ...exports.HARDENED_PARSER_OPTIONS, isArray: () => true });
const builder = new fast_xml_parser_1.XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    suppressEmptyNode: true,
    processEntities: true,
});
exports.XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
/** Builds `<packet version><OPERATOR><OPERATION>body</OPERATION>…</OPERATOR></packet>`. */
function buildRequestPacket(operator, operation, bodies) {
    return exports.XML_DECLARATION + buildXml({ packet: { "@_version": exports.PROTOCOL_VERSION, [operator]: { [operation]: bodies } } });
}
function buildXml(tree, options = {}) {
    return options.pretty ? prettyBuilder.build(tree) : builder.build(tree);
}
const prettyBuilder = new fast_xml_parser_1.XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    suppressEmptyNode: true,
    processEntities: true,
    format: true,
    indentBy: "  ",
});
/**
 * Parses an answer and returns the elements of `operation` under `operator`. A `<system>` error
 * becomes a PleskApiError; anything that is not a well-formed, bounded Plesk packet becomes a
 * PleskTransportError of kind `invalid-answer`.
 */
function readAnswer(text, operator, operation) {
    const packet = parsePacket(text, operation);
    const system = children(packet, "system")[0];
    if (system)
        throw systemError(system, operation);
    const operatorElements = children(packet, operator);
    if (operatorElements.length !== 1) {
        throw invalidAnswer(operation, `expected one <${operator}> in the packet, found ${operatorElements.length}`);
    }
    return children(operatorElements[0], operation);
}
function parsePacket(text, operation) {
    if (/<!DOCTYPE/i.test(text)) {
        throw invalidAnswer(operation, "the answer declares a DOCTYPE, which Plesk never sends; refused");
    }
    const validation = fast_xml_parser_1.XMLValidator.validate(text);
    if (validation !== true) {
        const { line, msg } = validation.err;
        throw invalidAnswer(operation, `the answer is not well-formed XML (line ${line}: ${msg})`);
    }
    let document;
    try {
        document = answerParser.parse(text);
    }
    catch (cause) {
        throw invalidAnswer(operation, `the answer could not be parsed: ${cause.message}`, cause);
    }
    const roots = Object.keys(document);
    const packet = children(document, "packet");
    if (roots.length !== 1 || packet.length !== 1) {
        throw invalidAnswer(operation, `the answer is not a Plesk packet (root element: ${roots.join(", ") || "none"})`);
    }
    return packet[0];
}
function systemError(system, operation) {
    const errcode = Number(childText(system, "errcode"));
    const errtext = childText(system, "errtext") ?? "";
    if (!Number.isInteger(errcode)) {
        return invalidAnswer(operation, "the answer holds a <system> element without a numeric errcode");
    }
    return new errors_1.PleskApiError(operation, errcode, errtext, "system");
}
function invalidAnswer(operation, message, cause) {
    return new errors_1.PleskTransportError(operation, "invalid-answer", message, cause === undefined ? {} : { cause });
}
/** The child elements named `name`; a leaf counts as an element with no children. */
function children(element, name) {
    const values = Object.hasOwn(element, name) ? element[name] : [];
    return values.map((value) => (typeof value === "string" ? {} : value));
}
/** The text of the first child named `name`, or undefined when it is absent. */
function childText(element, name) {
    if (!Object.hasOwn(element, name))
        return undefined;
    const first = element[name][0];
    return typeof first === "string" ? first : undefined;
}
function hasChild(element, name) {
    return Object.hasOwn(element, name) && element[name].length > 0;
}
function readResults(operationElement, operation) {
    return children(operationElement, "result").map((element) => {
        const status = childText(element, "status");
        if (status !== "ok" && status !== "error") {
            throw invalidAnswer(operation, `a <result> has status "${status ?? ""}", expected ok or error`);
        }
        const errcode = childText(element, "errcode");
        return dropUndefined({
            ok: status === "ok",
            errcode: errcode === undefined ? undefined : Number(errcode),
            errtext: childText(element, "errtext"),
            filterId: childText(element, "filter-id"),
            id: childText(element, "id"),
            element,
        });
    });
}
/** The one place an operation's `<status>error</status>` becomes an error. */
function resultError(result, operation) {
    return new errors_1.PleskApiError(operation, result.errcode ?? 0, result.errtext ?? "(no error text)", "operation");
}
function dropUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
//# sourceMappingURL=packet.js.map