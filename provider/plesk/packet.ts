import { XMLBuilder, XMLParser, XMLValidator, type X2jOptions } from "fast-xml-parser";
import { PleskApiError, PleskTransportError } from "./errors";
import { withoutUndefined } from "../basics/without-undefined";
import type { AnswerBounds } from "../http/answer-bounds";
import { xmlBoundsProblem } from "./xml-bounds";

/** The packet version we speak first; Plesk answers in the version it was asked (see packet-versions.ts). */
export const PROTOCOL_VERSION = "1.6.9.1";

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

export const MAX_ANSWER_DEPTH = 32;

/** Options any parser of Plesk traffic must use, request or answer. */
export const HARDENED_PARSER_OPTIONS: X2jOptions = {
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Declared entities never arrive: a DOCTYPE is refused before parsing. The predefined and
  // numeric references (`&amp;`, `&#1046;`) only shrink text; they are counted with the
  // elements before parsing (see xml-bounds.ts), so the parser's own caps only back that up.
  // `htmlEntities` is what turns on numeric references.
  htmlEntities: true,
  processEntities: { enabled: true, maxTotalExpansions: 1_000_000, maxExpandedLength: 64 * 1024 * 1024 },
  maxNestedTags: MAX_ANSWER_DEPTH,
  strictReservedNames: true,
  onDangerousProperty: (name) => {
    throw new Error(`element name "${name}" is not allowed`);
  },
};

// Parsers and builders are made per call, never kept at module level: when Pulumi serializes
// the provider by value, a module-level instance would be copied into every resource's state.
const BUILDER_OPTIONS = { ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: true, processEntities: true };

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Builds `<packet version><OPERATOR><OPERATION>body</OPERATION>…</OPERATOR></packet>`. */
export function buildRequestPacket(
  operator: string,
  operation: string,
  bodies: readonly XmlInputElement[],
  version: string = PROTOCOL_VERSION,
): string {
  return XML_DECLARATION + buildXml({ packet: { "@_version": version, [operator]: { [operation]: bodies } } });
}

export function buildXml(tree: XmlInputElement): string {
  return new XMLBuilder(BUILDER_OPTIONS).build(tree);
}

/**
 * Parses an answer and returns the elements of `operation` under `operator`. A `<system>` error
 * becomes a PleskApiError; anything that is not a well-formed, bounded Plesk packet becomes a
 * PleskTransportError of kind `invalid-answer`.
 */
export function readAnswer(text: string, operator: string, operation: string, bounds: AnswerBounds): XmlElement[] {
  const packet = parsePacket(text, operation, bounds);
  const system = children(packet, "system")[0];
  if (system) throw systemError(system, operation);

  const operatorElements = children(packet, operator);
  if (operatorElements.length !== 1) {
    throw invalidAnswer(operation, `expected one <${operator}> in the packet, found ${operatorElements.length}`);
  }
  return children(operatorElements[0], operation);
}

function parsePacket(text: string, operation: string, bounds: AnswerBounds): XmlElement {
  if (/<!DOCTYPE/i.test(text)) {
    throw invalidAnswer(operation, "the answer declares a DOCTYPE, which Plesk never sends; refused");
  }
  const encoding = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']/.exec(text)?.[1];
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
    throw invalidAnswer(operation, `the answer declares the encoding ${encoding}; only UTF-8 is read`);
  }
  const tooMuch = xmlBoundsProblem(text, bounds);
  if (tooMuch) throw invalidAnswer(operation, `${tooMuch}; refused`);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, msg } = validation.err;
    throw invalidAnswer(operation, `the answer is not well-formed XML (line ${line}: ${msg})`);
  }
  let document: XmlElement;
  try {
    document = new XMLParser({ ...HARDENED_PARSER_OPTIONS, isArray: () => true }).parse(text) as XmlElement;
  } catch (cause) {
    throw invalidAnswer(operation, `the answer could not be parsed: ${(cause as Error).message}`, cause);
  }
  const roots = Object.keys(document);
  const packet = children(document, "packet");
  if (roots.length !== 1 || packet.length !== 1) {
    throw invalidAnswer(operation, `the answer is not a Plesk packet (root element: ${roots.join(", ") || "none"})`);
  }
  return packet[0];
}

function systemError(system: XmlElement, operation: string): Error {
  const errcode = Number(childText(system, "errcode"));
  const errtext = childText(system, "errtext") ?? "";
  if (!Number.isInteger(errcode)) {
    return invalidAnswer(operation, "the answer holds a <system> element without a numeric errcode");
  }
  return new PleskApiError(operation, errcode, errtext, "system");
}

export function invalidAnswer(operation: string, message: string, cause?: unknown): PleskTransportError {
  return new PleskTransportError(operation, "invalid-answer", message, cause === undefined ? {} : { cause });
}

/** The child elements named `name`; a leaf counts as an element with no children. */
export function children(element: XmlElement, name: string): XmlElement[] {
  const values = Object.hasOwn(element, name) ? element[name] : [];
  return values.map((value) => (typeof value === "string" ? {} : value));
}

/** The text of the first child named `name`, or undefined when it is absent. */
export function childText(element: XmlElement, name: string): string | undefined {
  if (!Object.hasOwn(element, name)) return undefined;
  const first = element[name][0];
  return typeof first === "string" ? first : undefined;
}

export function hasChild(element: XmlElement, name: string): boolean {
  return Object.hasOwn(element, name) && element[name].length > 0;
}

/** A `resultType` / `resultFilterType` element, read once for every operation. */
export interface OperationResult {
  readonly ok: boolean;
  readonly errcode?: number;
  readonly errtext?: string;
  readonly filterId?: string;
  readonly id?: string;
  readonly element: XmlElement;
}

export function readResults(operationElement: XmlElement, operation: string): OperationResult[] {
  return children(operationElement, "result").map((element) => {
    const status = childText(element, "status");
    if (status !== "ok" && status !== "error") {
      throw invalidAnswer(operation, `a <result> has status "${status ?? ""}", expected ok or error`);
    }
    const errcode = childText(element, "errcode");
    return withoutUndefined({
      ok: status === "ok",
      errcode: errcode === undefined ? undefined : Number(errcode),
      errtext: childText(element, "errtext"),
      filterId: childText(element, "filter-id"),
      id: childText(element, "id"),
      element,
    });
  });
}

/** The one place an operation's `<status>error</status>` becomes an error. */
export function resultError(result: OperationResult, operation: string): PleskApiError {
  return new PleskApiError(operation, result.errcode ?? 0, result.errtext ?? "(no error text)", "operation");
}
