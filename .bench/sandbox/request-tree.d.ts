/** A request element in document order, with the line it starts on for error messages. */
export interface RequestElement {
    readonly name: string;
    readonly attributes: Readonly<Record<string, string>>;
    readonly children: readonly RequestElement[];
    readonly text: string;
    readonly line: number;
}
/** A request Plesk's parser would refuse: the text after "Error in line N: ". */
export declare class MalformedRequest extends Error {
    readonly line: number;
    readonly detail: string;
    constructor(line: number, detail: string);
}
/** Parses a request packet, keeping element order. Throws MalformedRequest. */
export declare function parseRequestTree(text: string): RequestElement;
