"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startScriptedServer = startScriptedServer;
exports.answerXml = answerXml;
const node_http_1 = require("node:http");
/** A real HTTP server on 127.0.0.1 whose answers a test scripts, request by request. */
async function startScriptedServer(handler) {
    let requests = 0;
    const server = (0, node_http_1.createServer)((request, response) => {
        requests++;
        const number = requests;
        request.resume();
        request.on("end", () => handler(request, response, number));
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}`,
        get requests() {
            return requests;
        },
        close: async () => {
            const closed = new Promise((resolve) => server.close(() => resolve()));
            server.closeAllConnections();
            await closed;
        },
    };
}
/** Answers every request with this XML, as Plesk would (HTTP 200, text/xml). */
function answerXml(xml) {
    return (_request, response) => {
        response.writeHead(200, { "content-type": "text/xml;charset=UTF-8" });
        response.end(xml);
    };
}
//# sourceMappingURL=scripted-server.js.map