import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A request element in document order, with the line it starts on for error messages. */
export interface RequestElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly RequestElement[];
  readonly text: string;
  readonly line: number;
}

/** A request Plesk's parser would refuse: the text after "Error in line N: ". */
export class MalformedRequest extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`Parser error: Request is invalid. Error in line ${line}: ${detail}`);
  }
}

// Requests come from anyone: no DOCTYPE (refused above), bounded nesting, values kept as text,
// and names that would reach Object.prototype refused.
const parser = new XMLParser({
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  maxNestedTags: 32,
  strictReservedNames: true,
  onDangerousProperty: (name) => {
    throw new Error(`element name "${name}" is not allowed`);
  },
  ignoreAttributes: false,
  attributeNamePrefix: "",
  preserveOrder: true,
  captureMetaData: true,
});
const META: unique symbol = XMLParser.getMetaDataSymbol() as never;

type OrderedNode = { [name: string]: OrderedNode[] | string } & { ":@"?: Record<string, string> } & { [META]?: { startIndex: number } };

/** Parses a request packet, keeping element order. Throws MalformedRequest. */
export function parseRequestTree(text: string): RequestElement {
  const lines = lineStarts(text);
  if (/<!DOCTYPE/i.test(text)) throw new MalformedRequest(lineAt(lines, text.search(/<!DOCTYPE/i)), "DOCTYPE is not allowed");
  const validation = XMLValidator.validate(text);
  if (validation !== true) throw new MalformedRequest(validation.err.line, validation.err.msg);
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (cause) {
    throw new MalformedRequest(1, (cause as Error).message);
  }
  const roots = nodes.map((node) => toElement(node, lines)).filter((element) => element.name !== "?xml");
  if (roots.length !== 1) throw new MalformedRequest(1, "Extra content at the end of the document");
  return roots[0];
}

function toElement(node: OrderedNode, lines: readonly number[]): RequestElement {
  const name = Object.keys(node).find((key) => key !== ":@")!;
  const content = node[name] as OrderedNode[];
  const children: RequestElement[] = [];
  let text = "";
  for (const child of content) {
    if ("#text" in child) text += String(child["#text"]);
    else children.push(toElement(child, lines));
  }
  return { name, attributes: node[":@"] ?? {}, children, text, line: lineAt(lines, node[META]?.startIndex ?? 0) };
}

/** Where each line starts, found once per request: looking lines up per element was quadratic. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line holding `index`, by binary search over the line starts. */
function lineAt(starts: readonly number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= index) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
