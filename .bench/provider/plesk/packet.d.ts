import { type X2jOptions } from "fast-xml-parser";
import { PleskApiError, PleskTransportError } from "./errors";
/** The packet version we speak; Plesk answers in the version it was asked. */
export declare const PROTOCOL_VERSION = "1.6.9.1";
/** A parsed element: every child name maps to a list, also when one child arrived. */
export interface XmlElement {
    readonly [name: string]: readonly XmlValue[];
}
/** A leaf is its text; an empty element (`<current/>`) is the empty string. */
export type XmlValue = string | XmlElement;
/** What the builder takes: children in schema order; a list repeats the element. */
export type XmlInput = string | XmlInputElement | readonly XmlInputElement[] | readonly string[];
export interface XmlInputElement {
    readonly [name: string]: XmlInput | undefined;
}
export declare const MAX_ANSWER_DEPTH = 32;
/** Options any parser of Plesk traffic must use, request or answer. */
export declare const HARDENED_PARSER_OPTIONS: X2jOptions;
export declare const XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
/** Builds `<packet version><OPERATOR><OPERATION>body</OPERATION>…</OPERATOR></packet>`. */
export declare function buildRequestPacket(operator: string, operation: string, bodies: readonly XmlInputElement[]): string;
export declare function buildXml(tree: XmlInputElement, options?: {
    pretty?: boolean;
}): string;
/**
 * Parses an answer and returns the elements of `operation` under `operator`. A `<system>` error
 * becomes a PleskApiError; anything that is not a well-formed, bounded Plesk packet becomes a
 * PleskTransportError of kind `invalid-answer`.
 */
export declare function readAnswer(text: string, operator: string, operation: string): XmlElement[];
export declare function invalidAnswer(operation: string, message: string, cause?: unknown): PleskTransportError;
/** The child elements named `name`; a leaf counts as an element with no children. */
export declare function children(element: XmlElement, name: string): XmlElement[];
/** The text of the first child named `name`, or undefined when it is absent. */
export declare function childText(element: XmlElement, name: string): string | undefined;
export declare function hasChild(element: XmlElement, name: string): boolean;
/** A `resultType` / `resultFilterType` element, read once for every operation. */
export interface OperationResult {
    readonly ok: boolean;
    readonly errcode?: number;
    readonly errtext?: string;
    readonly filterId?: string;
    readonly id?: string;
    readonly element: XmlElement;
}
export declare function readResults(operationElement: XmlElement, operation: string): OperationResult[];
/** The one place an operation's `<status>error</status>` becomes an error. */
export declare function resultError(result: OperationResult, operation: string): PleskApiError;
