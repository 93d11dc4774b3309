import { type PleskClient } from "../../provider/plesk/client";
import { type PleskAuth, type PleskLimits, type PleskTls } from "../../provider/plesk/endpoint";
import type { Sandbox } from "../../sandbox";
/** Fast retries so failure tests stay quick; the rules are the production ones. */
export declare const TEST_LIMITS: Partial<PleskLimits>;
export declare function loginAuth(sandbox: Sandbox): PleskAuth;
/** A client of the sandbox over HTTPS, trusting its CA. */
export declare function sandboxClient(sandbox: Sandbox, overrides?: {
    auth?: PleskAuth;
    tls?: PleskTls;
    limits?: Partial<PleskLimits>;
}): PleskClient;
export declare function clientOf(url: string, limits?: Partial<PleskLimits>, password?: string): PleskClient;
