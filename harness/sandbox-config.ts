import type { Sandbox } from "../sandbox";
import { secret, type Props } from "./provider-host";

/** The stack config a program needs for the sandbox, as the engine sends it (secrets marked). */
export function sandboxStackConfig(sandbox: Sandbox): Props {
  return {
    "plesk:url": sandbox.url,
    "plesk:login": sandbox.credentials.login,
    "plesk:password": secret(sandbox.credentials.password),
    "plesk:caCert": sandbox.caCert,
    "getapp:url": sandbox.url,
    "getapp:deviceAuth": secret(sandbox.credentials.deviceAuth),
    "getapp:caCert": sandbox.caCert,
  };
}
