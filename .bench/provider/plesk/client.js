"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pleskClient = pleskClient;
const packet_1 = require("./packet");
const transport_1 = require("./transport");
function pleskClient(endpoint) {
    return {
        async send({ operator, operation, bodies, resend, signal }) {
            const packet = (0, packet_1.buildRequestPacket)(operator, operation, bodies);
            const answer = await (0, transport_1.postPacket)(endpoint, packet, { operation, resend, ...(signal ? { signal } : {}) });
            return (0, packet_1.readAnswer)(answer, operator, operation);
        },
    };
}
//# sourceMappingURL=client.js.map