"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.postPacket = postPacket;
exports.closeAllConnections = closeAllConnections;
const node_tls_1 = require("node:tls");
const promises_1 = require("node:timers/promises");
const undici_1 = require("undici");
const errors_1 = require("./errors");
const retry_rules_1 = require("./retry-rules");
/**
 * Posts one packet and returns the answer's text. Retries what `RETRY_RULES` allow, with backoff
 * and jitter; every other failure becomes a PleskTransportError naming the operation.
 */
async function postPacket(endpoint, packet, options) {
    for (let attempt = 1;; attempt++) {
        try {
            return await postOnce(endpoint, packet, options);
        }
        catch (error) {
            const failure = error;
            const canRetry = attempt < endpoint.limits.maxAttempts &&
                !options.signal?.aborted &&
                (0, retry_rules_1.isRetryable)(options.resend, failure.networkCode, failure.httpStatus);
            if (!canRetry)
                throw error;
            await (0, promises_1.setTimeout)((0, retry_rules_1.backoffDelayMs)(endpoint.limits, attempt), undefined, { signal: options.signal });
        }
    }
}
async function postOnce(endpoint, packet, options) {
    const { operation } = options;
    const deadline = AbortSignal.timeout(endpoint.limits.responseTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let response;
    try {
        response = await dispatcherFor(endpoint).request({
            path: endpoint.path,
            method: "POST",
            headers: { "content-type": "text/xml", ...authHeaders(endpoint.auth) },
            body: packet,
            signal,
        });
    }
    catch (cause) {
        throw exchangeError(endpoint, operation, cause, deadline);
    }
    const { statusCode, headers, body } = response;
    if (statusCode !== 200) {
        await body.dump();
        const message = `${endpoint.origin} answered HTTP ${statusCode}; Plesk answers 200 even for errors, so a proxy or another service is in the way`;
        throw new errors_1.PleskTransportError(operation, "http-status", message, { httpStatus: statusCode });
    }
    const contentType = String(headers["content-type"] ?? "");
    if (!/\bxml\b/i.test(contentType)) {
        await body.dump();
        throw new errors_1.PleskTransportError(operation, "invalid-answer", `${endpoint.origin} answered with content type "${contentType}" instead of XML; check that the URL is the Plesk panel (port 8443 by default)`);
    }
    const limit = endpoint.limits.maxAnswerBytes;
    if (Number(headers["content-length"]) > limit) {
        body.destroy();
        throw new errors_1.PleskTransportError(operation, "body-too-large", `the answer announces ${headers["content-length"]} bytes, more than the ${limit}-byte limit`);
    }
    try {
        return await readCapped(body, limit, operation);
    }
    catch (cause) {
        if (cause instanceof errors_1.PleskTransportError)
            throw cause;
        throw exchangeError(endpoint, operation, cause, deadline);
    }
}
async function readCapped(body, limit, operation) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > limit) {
            body.destroy();
            throw new errors_1.PleskTransportError(operation, "body-too-large", `the answer is larger than the ${limit}-byte limit`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString("utf8");
}
function authHeaders(auth) {
    return auth.kind === "secret-key"
        ? { KEY: auth.secretKey }
        : { HTTP_AUTH_LOGIN: auth.login, HTTP_AUTH_PASSWD: auth.password };
}
const TLS_CODES = new Set([
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "CERT_SIGNATURE_FAILURE",
]);
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
function exchangeError(endpoint, operation, cause, deadline) {
    const code = networkCode(cause);
    const where = endpoint.origin;
    const details = { cause, networkCode: code };
    if (deadline.aborted) {
        return new errors_1.PleskTransportError(operation, "timeout", `no complete answer from ${where} within ${endpoint.limits.responseTimeoutMs} ms`, details);
    }
    if (code !== undefined && TLS_CODES.has(code)) {
        const trust = "trust it by giving the CA's PEM (or the server's self-signed certificate) as caCert (PLESK_CA_CERT); " +
            "insecureSkipVerify (PLESK_INSECURE_SKIP_VERIFY=true) switches checks off, for test servers only";
        return new errors_1.PleskTransportError(operation, "tls", `the TLS certificate of ${where} is not trusted (${code}); ${trust}`, details);
    }
    const detail = `${code ?? "error"}: ${cause?.message ?? String(cause)}`;
    if (code !== undefined && TIMEOUT_CODES.has(code)) {
        return new errors_1.PleskTransportError(operation, "timeout", `${where} did not answer in time (${detail})`, details);
    }
    if (code !== undefined && CONNECT_CODES.has(code)) {
        return new errors_1.PleskTransportError(operation, "connect", `cannot connect to ${where} (${detail})`, details);
    }
    return new errors_1.PleskTransportError(operation, "network", `the exchange with ${where} failed (${detail})`, details);
}
/** The first `code` along the cause chain: undici wraps system errors. */
function networkCode(error) {
    for (let current = error, depth = 0; current && depth < 5; current = current.cause, depth++) {
        const code = current.code;
        if (typeof code === "string")
            return code;
    }
    return undefined;
}
/**
 * One keep-alive pool per endpoint for the whole process. It lives on `globalThis` because the
 * provider's module is serialized by value: a module-level map would be a fresh copy in every
 * serialized function.
 */
const POOLS = Symbol.for("pulumi-plesk-aps.pools");
function registry() {
    const holder = globalThis;
    return (holder[POOLS] ??= new Map());
}
function dispatcherFor(endpoint) {
    const { caCert, insecureSkipVerify } = endpoint.tls;
    const key = JSON.stringify([endpoint.origin, caCert ?? "", insecureSkipVerify === true, endpoint.limits.connectTimeoutMs]);
    const pools = registry();
    let pool = pools.get(key);
    if (!pool) {
        pool = new undici_1.Pool(endpoint.origin, {
            connections: 16,
            keepAliveTimeout: 30_000,
            headersTimeout: endpoint.limits.responseTimeoutMs,
            bodyTimeout: endpoint.limits.responseTimeoutMs,
            connect: {
                timeout: endpoint.limits.connectTimeoutMs,
                rejectUnauthorized: insecureSkipVerify !== true,
                ...(caCert ? { ca: [...node_tls_1.rootCertificates, caCert] } : {}),
            },
        });
        pools.set(key, pool);
    }
    return pool;
}
/** Closes every pool of this process: for tests, CLIs and shutdown. */
async function closeAllConnections() {
    const pools = registry();
    const closing = [...pools.values()].map((pool) => pool.close());
    pools.clear();
    await Promise.all(closing);
}
//# sourceMappingURL=transport.js.map