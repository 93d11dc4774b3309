"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TEST_LIMITS = void 0;
exports.loginAuth = loginAuth;
exports.sandboxClient = sandboxClient;
exports.clientOf = clientOf;
const client_1 = require("../../provider/plesk/client");
const endpoint_1 = require("../../provider/plesk/endpoint");
/** Fast retries so failure tests stay quick; the rules are the production ones. */
exports.TEST_LIMITS = { retryBaseDelayMs: 5, retryMaxDelayMs: 20, connectTimeoutMs: 2_000, responseTimeoutMs: 10_000 };
function loginAuth(sandbox) {
    return { kind: "login", login: sandbox.credentials.login, password: sandbox.credentials.password };
}
/** A client of the sandbox over HTTPS, trusting its CA. */
function sandboxClient(sandbox, overrides = {}) {
    return (0, client_1.pleskClient)((0, endpoint_1.pleskEndpoint)({
        url: sandbox.url,
        auth: overrides.auth ?? loginAuth(sandbox),
        tls: overrides.tls ?? (sandbox.caCert ? { caCert: sandbox.caCert } : {}),
        limits: { ...exports.TEST_LIMITS, ...overrides.limits },
    }));
}
function clientOf(url, limits = {}, password = "test-password-9f2c") {
    return (0, client_1.pleskClient)((0, endpoint_1.pleskEndpoint)({ url, auth: { kind: "login", login: "admin", password }, limits: { ...exports.TEST_LIMITS, ...limits } }));
}
//# sourceMappingURL=plesk-setup.js.map