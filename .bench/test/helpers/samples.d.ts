import { type RequestElement } from "../../sandbox/request-tree";
/** A request or answer sample from Plesk's documentation, byte for byte. */
export declare function sample(name: string): string;
/** An element tree with whitespace-only text dropped and attributes left out, for comparison. */
export interface ComparableElement {
    readonly name: string;
    readonly text: string;
    readonly children: readonly ComparableElement[];
}
export declare function comparable(xml: string | RequestElement): ComparableElement;
