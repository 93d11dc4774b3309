import type { IncomingHttpHeaders } from "node:http";
import type { ApsServerState } from "./aps-state";
import type { CatalogConfiguration } from "./catalog";
import { type RequestCounts } from "./request-stats";
export declare const NEWEST_PROTOCOL_VERSION = "1.6.9.1";
export interface AgentCredentials {
    readonly login: string;
    readonly password: string;
    /** When unset, any KEY header fails as a wrong key. */
    readonly secretKey?: string;
}
export interface AgentContext {
    readonly state: ApsServerState;
    readonly catalogs: CatalogConfiguration;
    readonly credentials: AgentCredentials;
    readonly counts: RequestCounts;
}
/** Answers a POST to agent.php. Plesk answers HTTP 200 for errors too; so does this. */
export declare function answerAgentRequest(context: AgentContext, headers: IncomingHttpHeaders, body: string): string;
