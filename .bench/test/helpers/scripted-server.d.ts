import { type IncomingMessage, type ServerResponse } from "node:http";
export interface ScriptedServer {
    readonly url: string;
    /** Requests received so far; the handler gets the 1-based number of its request. */
    readonly requests: number;
    close(): Promise<void>;
}
/** A real HTTP server on 127.0.0.1 whose answers a test scripts, request by request. */
export declare function startScriptedServer(handler: (request: IncomingMessage, response: ServerResponse, requestNumber: number) => void): Promise<ScriptedServer>;
/** Answers every request with this XML, as Plesk would (HTTP 200, text/xml). */
export declare function answerXml(xml: string): (_request: IncomingMessage, response: ServerResponse) => void;
