import { ApsServerState, type SandboxPlatform } from "./aps-state";
import { type CatalogConfiguration } from "./catalog";
import { type SandboxClock } from "./clock";
import { type AgentCredentials } from "./plesk-agent";
import { type RequestCounts } from "./request-stats";
import { type TaskLogEntry } from "./task-log";
export declare const STATS_PATH = "/__sandbox/stats";
export interface SandboxOptions {
    /** Defaults to 127.0.0.1. */
    readonly host?: string;
    /** Defaults to 0: a free port. */
    readonly port?: number;
    /** Plain HTTP instead of HTTPS with a generated CA. */
    readonly http?: boolean;
    /** Defaults to `admin`. */
    readonly login?: string;
    /** Defaults to a random password, readable from the handle. */
    readonly password?: string;
    /** Enables `KEY` header auth with this key. */
    readonly secretKey?: string;
    /** Defaults to linux. */
    readonly platform?: SandboxPlatform;
    /** Simulated seconds per real second; defaults to 1. Ignored with `manualClock`. */
    readonly speed?: number;
    /** Time moves only through `clock.advance()`: for deterministic tests. */
    readonly manualClock?: boolean;
    /** Simulated download bandwidth; defaults to 10 MB/s. */
    readonly bandwidthBytesPerSecond?: number;
    /** The catalogs configuration; defaults to the demo catalog. */
    readonly catalogs?: CatalogConfiguration;
    /** A JSON catalogs configuration to load instead. */
    readonly catalogFile?: string;
    readonly firstTaskId?: number;
    readonly firstPackageId?: number;
    /** Where the CA's PEM is written; defaults to a new temporary directory, removed on close. */
    readonly certificateDirectory?: string;
    /** Requests above this size are refused with HTTP 413; defaults to 1 MiB. */
    readonly maxRequestBytes?: number;
}
export interface Sandbox {
    /** `https://127.0.0.1:PORT`: what a provider is configured with. */
    readonly url: string;
    readonly agentUrl: string;
    /** JSON of request counts and the task log. */
    readonly statsUrl: string;
    /** PEM of the CA that signed the server certificate; absent over plain HTTP. */
    readonly caCert?: string;
    readonly caCertPath?: string;
    readonly credentials: Required<Pick<AgentCredentials, "login" | "password">> & Pick<AgentCredentials, "secretKey">;
    readonly clock: SandboxClock;
    /** Packages, tasks and fault knobs of the simulated server. */
    readonly aps: ApsServerState;
    readonly catalogs: CatalogConfiguration;
    /** A copy of the request counts since start or the last reset. */
    counts(): RequestCounts;
    resetCounts(): void;
    taskLog(): TaskLogEntry[];
    close(): Promise<void>;
}
export declare function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
