export declare const AGENT_PATH = "/enterprise/control/agent.php";
export type PleskAuth = {
    readonly kind: "login";
    readonly login: string;
    readonly password: string;
} | {
    readonly kind: "secret-key";
    readonly secretKey: string;
};
export interface PleskTls {
    /** PEM of a CA, or of the server's self-signed certificate, trusted besides the system's. */
    readonly caCert?: string;
    /** Accept any certificate. For test servers only. */
    readonly insecureSkipVerify?: boolean;
}
export interface PleskLimits {
    readonly connectTimeoutMs: number;
    /** From sending the packet to the last byte of the answer. */
    readonly responseTimeoutMs: number;
    readonly maxAnswerBytes: number;
    /** Tries of a packet that is safe to send again, the first one included. */
    readonly maxAttempts: number;
    /** First backoff step; each further step doubles, with full jitter. */
    readonly retryBaseDelayMs: number;
    readonly retryMaxDelayMs: number;
}
export declare const DEFAULT_LIMITS: PleskLimits;
/** Everything needed to talk to one Plesk server. Holds credentials: never log or serialize it. */
export interface PleskEndpoint {
    /** `https://host:port`, the port always explicit. */
    readonly origin: string;
    /** The agent path, after any prefix the user's URL had. */
    readonly path: string;
    readonly auth: PleskAuth;
    readonly tls: PleskTls;
    readonly limits: PleskLimits;
}
export interface PleskEndpointInput {
    readonly url: string;
    readonly auth: PleskAuth;
    readonly tls?: PleskTls;
    readonly limits?: Partial<PleskLimits>;
}
export declare function pleskEndpoint(input: PleskEndpointInput): PleskEndpoint;
/**
 * `https://host` becomes `https://host:8443` + the agent path; a path the user gave is kept as a
 * prefix (a reverse proxy), and a URL that already ends in the agent path is left alone.
 */
export declare function normalisePleskUrl(raw: string): {
    origin: string;
    path: string;
};
