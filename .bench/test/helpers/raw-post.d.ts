import type { Sandbox } from "../../sandbox";
/** Posts a packet exactly as given, with the sandbox's login unless headers say otherwise. */
export declare function postRaw(sandbox: Sandbox, body: string, headers?: Record<string, string>): Promise<string>;
