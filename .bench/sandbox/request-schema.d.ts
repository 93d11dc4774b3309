import { type RequestElement } from "./request-tree";
/**
 * The part of Plesk's request schema (agent_input.xsd) the sandbox serves, checked the way
 * Plesk's libxml2 validation reports it: element order, counts, and `id_type` values.
 */
export interface ElementRule {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    readonly content: Content;
}
type Content = {
    readonly kind: "text";
    readonly type?: "id_type";
} | {
    readonly kind: "empty";
} | {
    readonly kind: "sequence";
    readonly items: readonly ElementRule[];
} | {
    readonly kind: "choice";
    readonly items: readonly ElementRule[];
};
export declare const APS_OPERATIONS: {
    readonly "download-package": Content;
    readonly "get-download-status": Content;
    readonly "get-packages-list": Content;
    readonly "set-package-properties": Content;
};
export type ApsOperationName = keyof typeof APS_OPERATIONS;
/** `packet` holds one or more `aps` operators, each a free sequence of the operations above. */
export declare function checkPacketSchema(packet: RequestElement): void;
export {};
