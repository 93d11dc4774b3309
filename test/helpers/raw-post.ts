import { Agent, request } from "undici";
import { AGENT_PATH } from "../../provider/plesk/endpoint";
import type { Sandbox } from "../../sandbox";

/** Posts a packet exactly as given, with the sandbox's login unless headers say otherwise. */
export async function postRaw(sandbox: Sandbox, body: string, headers?: Record<string, string>): Promise<string> {
  const dispatcher = new Agent({ connect: { ca: sandbox.caCert } });
  try {
    const response = await request(sandbox.url + AGENT_PATH, {
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
  } finally {
    await dispatcher.close();
  }
}
