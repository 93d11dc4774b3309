"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.postRaw = postRaw;
const undici_1 = require("undici");
const endpoint_1 = require("../../provider/plesk/endpoint");
/** Posts a packet exactly as given, with the sandbox's login unless headers say otherwise. */
async function postRaw(sandbox, body, headers) {
    const dispatcher = new undici_1.Agent({ connect: { ca: sandbox.caCert } });
    try {
        const response = await (0, undici_1.request)(sandbox.url + endpoint_1.AGENT_PATH, {
            method: "POST",
            dispatcher,
            headers: headers ?? {
                "content-type": "text/xml",
                HTTP_AUTH_LOGIN: sandbox.credentials.login,
                HTTP_AUTH_PASSWD: sandbox.credentials.password,
            },
            body,
        });
        return await response.body.text();
    }
    finally {
        await dispatcher.close();
    }
}
//# sourceMappingURL=raw-post.js.map