"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NEWEST_PROTOCOL_VERSION = void 0;
exports.answerAgentRequest = answerAgentRequest;
const node_crypto_1 = require("node:crypto");
const packet_1 = require("../provider/plesk/packet");
const answer_xml_1 = require("./answer-xml");
const aps_answers_1 = require("./aps-answers");
const request_stats_1 = require("./request-stats");
const request_schema_1 = require("./request-schema");
const request_tree_1 = require("./request-tree");
exports.NEWEST_PROTOCOL_VERSION = "1.6.9.1";
const KNOWN_PROTOCOL_VERSIONS = [
    "1.6.9.1", "1.6.9.0", "1.6.8.0", "1.6.7.0", "1.6.6.0", "1.6.5.0", "1.6.4.0", "1.6.3.5", "1.6.3.4", "1.6.3.3",
    "1.6.3.2", "1.6.3.1", "1.6.3.0", "1.6.2.0", "1.6.1.0", "1.6.0.2", "1.6.0.1", "1.6.0.0", "1.5.2.1", "1.5.2.0",
    "1.5.1.0", "1.5.0.0", "1.4.2.0", "1.4.1.2", "1.4.1.1", "1.4.1.0", "1.4.0.0",
];
/** A system-level refusal: the whole packet is answered with `<system>`, as Plesk does. */
class SystemError extends Error {
    errcode;
    errtext;
    constructor(errcode, errtext) {
        super(errtext);
        this.errcode = errcode;
        this.errtext = errtext;
    }
}
/** Answers a POST to agent.php. Plesk answers HTTP 200 for errors too; so does this. */
function answerAgentRequest(context, headers, body) {
    let version = exports.NEWEST_PROTOCOL_VERSION;
    try {
        checkContentType(headers["content-type"]);
        authenticate(headers, context.credentials);
        const packet = (0, request_tree_1.parseRequestTree)(body);
        version = packet.attributes.version ?? exports.NEWEST_PROTOCOL_VERSION;
        if (!isSupportedVersion(version)) {
            const requested = version;
            version = exports.NEWEST_PROTOCOL_VERSION;
            throw new SystemError(1005, `Protocol version ${requested} is not supported`);
        }
        (0, request_schema_1.checkPacketSchema)(packet);
        const operators = packet.children;
        (0, request_stats_1.countOperations)(context.counts, operators.flatMap((aps) => aps.children.map((operation) => operation.name)));
        const answered = operators.map((aps) => (0, answer_xml_1.node)("aps", ...aps.children.map((operation) => (0, aps_answers_1.answerApsOperation)(context.state, context.catalogs, operation))));
        return (0, answer_xml_1.answerPacket)(version, answered, packet_1.XML_DECLARATION);
    }
    catch (error) {
        const refusal = error instanceof request_tree_1.MalformedRequest ? new SystemError(1014, error.message) : error;
        if (!(refusal instanceof SystemError))
            throw error;
        (0, request_stats_1.countSystemError)(context.counts, refusal.errcode);
        return (0, answer_xml_1.answerPacket)(version, [(0, answer_xml_1.node)("system", (0, answer_xml_1.leaf)("status", "error"), (0, answer_xml_1.leaf)("errcode", refusal.errcode), (0, answer_xml_1.leaf)("errtext", refusal.errtext))], '<?xml version="1.0"?>');
    }
}
function checkContentType(contentType) {
    const mediaType = contentType?.split(";")[0].trim().toLowerCase();
    if (mediaType !== "text/xml") {
        throw new SystemError(1014, `Parser error: Request is invalid. Content-Type must be text/xml, got "${contentType ?? ""}"`);
    }
}
/** Plesk's order: a KEY header wins; otherwise both login headers; anything else is unknown. */
function authenticate(headers, credentials) {
    const header = (name) => {
        const value = headers[name];
        return Array.isArray(value) ? value[0] : value;
    };
    const key = header("key");
    if (key !== undefined) {
        if (credentials.secretKey === undefined || !sameSecret(key, credentials.secretKey)) {
            throw new SystemError(11003, "Secret key validation failed");
        }
        return;
    }
    const login = header("http_auth_login");
    const password = header("http_auth_passwd");
    if (login === undefined || password === undefined) {
        throw new SystemError(1029, "Authentication method is not specified or unknown");
    }
    if (!sameSecret(login, credentials.login) || !sameSecret(password, credentials.password)) {
        throw new SystemError(1001, "You have entered incorrect username or password.");
    }
}
function sameSecret(given, expected) {
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && (0, node_crypto_1.timingSafeEqual)(a, b);
}
/** A partial version (`1.6`) is accepted when some known version starts with it. */
function isSupportedVersion(version) {
    return KNOWN_PROTOCOL_VERSIONS.some((known) => known === version || known.startsWith(`${version}.`));
}
//# sourceMappingURL=plesk-agent.js.map