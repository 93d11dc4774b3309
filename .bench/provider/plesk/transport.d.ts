import type { PleskEndpoint } from "./endpoint";
import { type Resend } from "./retry-rules";
export interface PostOptions {
    /** The operation named in errors. */
    readonly operation: string;
    readonly resend: Resend;
    readonly signal?: AbortSignal;
}
/**
 * Posts one packet and returns the answer's text. Retries what `RETRY_RULES` allow, with backoff
 * and jitter; every other failure becomes a PleskTransportError naming the operation.
 */
export declare function postPacket(endpoint: PleskEndpoint, packet: string, options: PostOptions): Promise<string>;
/** Closes every pool of this process: for tests, CLIs and shutdown. */
export declare function closeAllConnections(): Promise<void>;
