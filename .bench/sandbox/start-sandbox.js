"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.STATS_PATH = void 0;
exports.startSandbox = startSandbox;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_http_1 = require("node:http");
const node_https_1 = require("node:https");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const endpoint_1 = require("../provider/plesk/endpoint");
const aps_state_1 = require("./aps-state");
const catalog_1 = require("./catalog");
const clock_1 = require("./clock");
const plesk_agent_1 = require("./plesk-agent");
const request_stats_1 = require("./request-stats");
const tls_certificate_1 = require("./tls-certificate");
const task_log_1 = require("./task-log");
exports.STATS_PATH = "/__sandbox/stats";
async function startSandbox(options = {}) {
    const catalogs = options.catalogFile ? (0, catalog_1.loadCatalogFile)(options.catalogFile) : (options.catalogs ?? catalog_1.DEMO_CATALOG);
    const clock = (0, clock_1.createClock)(options.manualClock ? { kind: "manual" } : { kind: "running", speed: options.speed ?? 1 });
    const aps = new aps_state_1.ApsServerState({
        clock,
        catalogs,
        platform: options.platform ?? "linux",
        bandwidthBytesPerSecond: options.bandwidthBytesPerSecond ?? 10_000_000,
        firstTaskId: options.firstTaskId ?? 1,
        firstPackageId: options.firstPackageId ?? 1,
    });
    const credentials = {
        login: options.login ?? "admin",
        password: options.password ?? (0, node_crypto_1.randomBytes)(12).toString("base64url"),
        ...(options.secretKey ? { secretKey: options.secretKey } : {}),
    };
    let counts = (0, request_stats_1.emptyCounts)();
    const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
    const handle = (request, response) => {
        counts.httpRequests++;
        const path = new URL(request.url ?? "/", "http://sandbox").pathname;
        if (request.method === "POST" && path === endpoint_1.AGENT_PATH) {
            readBody(request, maxRequestBytes).then((body) => {
                const answer = (0, plesk_agent_1.answerAgentRequest)({ state: aps, catalogs, credentials, counts }, request.headers, body);
                send(response, 200, "text/xml;charset=UTF-8", answer);
            }, () => send(response, 413, "text/plain", `request larger than ${maxRequestBytes} bytes\n`));
            return;
        }
        if (request.method === "GET" && path === exports.STATS_PATH) {
            send(response, 200, "application/json", JSON.stringify({ counts, tasks: (0, task_log_1.taskLog)(aps, clock) }, null, 2));
            return;
        }
        send(response, 404, "text/plain", `no such endpoint: ${request.method} ${path}\n`);
    };
    const certificate = options.http ? undefined : (0, tls_certificate_1.createSandboxCertificate)();
    const server = certificate
        ? (0, node_https_1.createServer)({ cert: certificate.serverCertChain, key: certificate.serverKey }, handle)
        : (0, node_http_1.createServer)(handle);
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
    const { address, port } = server.address();
    const host = address.includes(":") ? `[${address}]` : address;
    const url = `${certificate ? "https" : "http"}://${host}:${port}`;
    let caCertPath;
    let ownDirectory;
    if (certificate) {
        const directory = options.certificateDirectory ?? (ownDirectory = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), "plesk-aps-sandbox-")));
        caCertPath = (0, node_path_1.join)(directory, "sandbox-ca.pem");
        (0, node_fs_1.writeFileSync)(caCertPath, certificate.caCert);
    }
    return {
        url,
        agentUrl: url + endpoint_1.AGENT_PATH,
        statsUrl: url + exports.STATS_PATH,
        ...(certificate ? { caCert: certificate.caCert, caCertPath } : {}),
        credentials,
        clock,
        aps,
        catalogs,
        counts: () => structuredClone(counts),
        resetCounts: () => {
            counts = (0, request_stats_1.emptyCounts)();
        },
        taskLog: () => (0, task_log_1.taskLog)(aps, clock),
        close: async () => {
            const closed = new Promise((resolve) => server.close(() => resolve()));
            server.closeAllConnections();
            await closed;
            if (ownDirectory)
                (0, node_fs_1.rmSync)(ownDirectory, { recursive: true, force: true });
        },
    };
}
function readBody(request, limit) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        request.on("data", (chunk) => {
            size += chunk.length;
            if (size > limit) {
                request.removeAllListeners("data");
                request.resume();
                reject(new Error("too large"));
                return;
            }
            chunks.push(chunk);
        });
        request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        request.on("error", reject);
    });
}
function send(response, status, contentType, body) {
    response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
    response.end(body);
}
//# sourceMappingURL=start-sandbox.js.map