"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_LIMITS = exports.AGENT_PATH = void 0;
exports.pleskEndpoint = pleskEndpoint;
exports.normalisePleskUrl = normalisePleskUrl;
const errors_1 = require("./errors");
exports.AGENT_PATH = "/enterprise/control/agent.php";
const DEFAULT_PORTS = { "https:": "8443", "http:": "8880" };
exports.DEFAULT_LIMITS = {
    connectTimeoutMs: 10_000,
    responseTimeoutMs: 120_000,
    maxAnswerBytes: 32 * 1024 * 1024,
    maxAttempts: 4,
    retryBaseDelayMs: 250,
    retryMaxDelayMs: 4_000,
};
function pleskEndpoint(input) {
    const { origin, path } = normalisePleskUrl(input.url);
    checkAuth(input.auth);
    return { origin, path, auth: input.auth, tls: input.tls ?? {}, limits: { ...exports.DEFAULT_LIMITS, ...input.limits } };
}
/**
 * `https://host` becomes `https://host:8443` + the agent path; a path the user gave is kept as a
 * prefix (a reverse proxy), and a URL that already ends in the agent path is left alone.
 */
function normalisePleskUrl(raw) {
    const fix = "write it as https://host[:port], for example https://plesk.example.com:8443";
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        throw new errors_1.PleskSettingsError("url", `${quoteWithoutCredentials(raw)} is not a URL; ${fix}`);
    }
    if (!(url.protocol in DEFAULT_PORTS)) {
        throw new errors_1.PleskSettingsError("url", `must start with https:// (or http://); ${fix}`);
    }
    if (url.username || url.password) {
        throw new errors_1.PleskSettingsError("url", "must not hold credentials; set the login and password (or secret key) apart");
    }
    if (url.search || url.hash) {
        throw new errors_1.PleskSettingsError("url", `must not have a query or fragment; ${fix}`);
    }
    // WHATWG URL drops a port equal to the scheme's default (https://h:443 → ""), so read the
    // authority as written to tell "no port" from an explicit 443.
    const authority = raw.trim().replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0];
    const explicitPort = /:(\d+)$/.exec(authority)?.[1];
    const port = explicitPort ?? DEFAULT_PORTS[url.protocol];
    const prefix = url.pathname.replace(/\/+$/, "");
    const path = prefix.endsWith(exports.AGENT_PATH) ? prefix : prefix + exports.AGENT_PATH;
    return { origin: `${url.protocol}//${url.hostname}:${Number(port)}`, path };
}
/** The value for an error message, with anything that may be `user:password@` cut out. */
function quoteWithoutCredentials(raw) {
    return raw.includes("@") ? `"${raw.slice(raw.lastIndexOf("@") + 1)}" (credentials before "@" withheld)` : `"${raw}"`;
}
function checkAuth(auth) {
    if (auth.kind === "secret-key") {
        if (!auth.secretKey.trim())
            throw new errors_1.PleskSettingsError("secretKey", "is empty");
        return;
    }
    if (!auth.login.trim())
        throw new errors_1.PleskSettingsError("login", "is empty");
    if (!auth.password)
        throw new errors_1.PleskSettingsError("password", "is empty");
}
//# sourceMappingURL=endpoint.js.map