import type { PleskEndpoint } from "./endpoint";
import { type XmlElement, type XmlInputElement } from "./packet";
import type { Resend } from "./retry-rules";
export interface PleskRequest {
    readonly operator: string;
    readonly operation: string;
    /** One entry per operation element in the packet. */
    readonly bodies: readonly XmlInputElement[];
    readonly resend: Resend;
    readonly signal?: AbortSignal;
}
/** Sends packets to one Plesk server and hands back the answer's operation elements. */
export interface PleskClient {
    send(request: PleskRequest): Promise<XmlElement[]>;
}
export declare function pleskClient(endpoint: PleskEndpoint): PleskClient;
