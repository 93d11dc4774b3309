import { MalformedRequest, type RequestElement } from "./request-tree";

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

type Content =
  | { readonly kind: "text"; readonly type?: "id_type" }
  | { readonly kind: "empty" }
  /** Any content at all (`xs:any`), as `get-packages-list/all` allows. */
  | { readonly kind: "any" }
  | { readonly kind: "sequence"; readonly items: readonly ElementRule[] }
  | { readonly kind: "choice"; readonly items: readonly ElementRule[] };

const UNBOUNDED = Number.POSITIVE_INFINITY;
const text = (name: string, min = 1): ElementRule => ({ name, min, max: 1, content: { kind: "text" } });
const ids = (name: string): ElementRule => ({ name, min: 0, max: UNBOUNDED, content: { kind: "text", type: "id_type" } });
const element = (name: string, content: Content, min = 1, max = 1): ElementRule => ({ name, min, max, content });
const sequence = (...items: ElementRule[]): Content => ({ kind: "sequence", items });
const choice = (...items: ElementRule[]): Content => ({ kind: "choice", items });

const apsIdentifier = sequence(
  text("name"),
  ...["version", "release", "vendor", "packager", "is_uploaded", "is_visible", "description", "global_settings_not_set"].map((name) =>
    text(name, 0),
  ),
);

export const APS_OPERATIONS = {
  "download-package": sequence(element("package", apsIdentifier), text("aps-catalog-url", 0)),
  "get-download-status": sequence(element("filter", sequence(ids("task-id")))),
  "get-packages-list": choice(element("filter", sequence(ids("package-id"))), element("all", { kind: "any" })),
  "set-package-properties": sequence(element("filter", sequence(ids("package-id"))), element("properties", sequence(text("visible")))),
} as const;

export type ApsOperationName = keyof typeof APS_OPERATIONS;

/** The `server` operator, in the part the sandbox serves: the server's name and its Plesk version, and its protocol versions. */
export const SERVER_OPERATIONS = {
  get: sequence(element("gen_info", { kind: "empty" }, 0), element("stat", { kind: "empty" }, 0)),
  get_protos: { kind: "empty" },
} as const satisfies Record<string, Content>;

/** The `extension` operator (extension.xsd, XML API 1.6.8.0 and later), in the part PROTOCOL.md §6 describes. */
export const EXTENSION_OPERATIONS = {
  install: choice(text("id"), text("url")),
  get: sequence(element("filter", sequence({ name: "id", min: 1, max: UNBOUNDED, content: { kind: "text" } }), 0)),
  uninstall: sequence(text("id")),
} as const satisfies Record<string, Content>;

export type ExtensionOperationName = keyof typeof EXTENSION_OPERATIONS;

const operatorRules = {
  aps: Object.entries(APS_OPERATIONS).map(([name, content]) => element(name, content, 0, UNBOUNDED)),
  extension: Object.entries(EXTENSION_OPERATIONS).map(([name, content]) => element(name, content, 0, UNBOUNDED)),
  server: Object.entries(SERVER_OPERATIONS).map(([name, content]) => element(name, content, 0, UNBOUNDED)),
};

export type OperatorName = keyof typeof operatorRules;

/** Which operators the packet's schema has; `server` it always has. */
export interface OfferedOperators {
  readonly aps: boolean;
  readonly extension: boolean;
}

/**
 * `packet` holds one or more operators, each a free sequence of its operations. `aps` and
 * `extension` are in the schema only when offered: a Plesk whose XML API has no such operator at
 * the packet's version refuses it like any element its schema does not know.
 */
export function checkPacketSchema(packet: RequestElement, offered: OfferedOperators = { aps: true, extension: true }): void {
  if (packet.name !== "packet")
    throw new MalformedRequest(packet.line, `Element '${packet.name}': No matching global declaration available for the validation root.`);
  if (packet.text.trim()) throw elementOnly(packet);
  const operators = (Object.keys(operatorRules) as OperatorName[]).filter((name) => name === "server" || offered[name]);
  const operatorElements = operators.map((name) => element(name, sequence()));
  if (packet.children.length === 0)
    throw new MalformedRequest(packet.line, `Element 'packet': Missing child element(s). Expected is ( ${operators[0]} ).`);
  for (const operator of packet.children) {
    const name = operators.find((known) => known === operator.name);
    if (name === undefined) throw notExpected(operator, operatorElements);
    if (operator.text.trim()) throw elementOnly(operator);
    for (const operation of operator.children) {
      const rule = operatorRules[name].find((r) => r.name === operation.name);
      if (!rule) throw notExpected(operation, operatorRules[name]);
      check(operation, rule.content);
    }
  }
}

function check(node: RequestElement, content: Content): void {
  switch (content.kind) {
    case "any":
      return;
    case "empty":
      if (node.children.length > 0) throw notExpected(node.children[0], []);
      if (node.text.trim())
        throw new MalformedRequest(
          node.line,
          `Element '${node.name}': Character content is not allowed, because the content type is empty.`,
        );
      return;
    case "text":
      if (node.children.length > 0) throw notExpected(node.children[0], []);
      if (content.type === "id_type" && !/^\s*0*[1-9]\d*\s*$/.test(node.text)) {
        throw new MalformedRequest(node.line, `Element '${node.name}': '${node.text}' is not a valid value of the atomic type 'id_type'.`);
      }
      return;
    case "choice":
      checkChoice(node, content.items);
      return;
    case "sequence":
      checkSequence(node, content.items);
  }
}

function checkSequence(node: RequestElement, items: readonly ElementRule[]): void {
  if (node.text.trim()) throw elementOnly(node);
  let position = 0;
  let count = 0;
  for (const child of node.children) {
    while (position < items.length && items[position].name !== child.name) {
      if (count < items[position].min) throw notExpected(child, [items[position]]);
      position++;
      count = 0;
    }
    const rule = items[position];
    if (!rule || count >= rule.max) throw notExpected(child, items.slice(position + (rule ? 1 : 0)));
    count++;
    check(child, rule.content);
  }
  const missing = items.slice(position).find((rule, i) => (i === 0 ? count : 0) < rule.min);
  if (missing) throw new MalformedRequest(node.line, `Element '${node.name}': Missing child element(s). Expected is ( ${missing.name} ).`);
}

function checkChoice(node: RequestElement, items: readonly ElementRule[]): void {
  if (node.text.trim()) throw elementOnly(node);
  const [first, second] = node.children;
  if (!first)
    throw new MalformedRequest(
      node.line,
      `Element '${node.name}': Missing child element(s). Expected is one of ( ${items.map((r) => r.name).join(", ")} ).`,
    );
  const rule = items.find((r) => r.name === first.name);
  if (!rule) throw notExpected(first, items);
  if (second) throw notExpected(second, []);
  check(first, rule.content);
}

function notExpected(node: RequestElement, expected: readonly ElementRule[]): MalformedRequest {
  const hint = expected.length ? ` Expected is ${expected.length > 1 ? "one of " : ""}( ${expected.map((r) => r.name).join(", ")} ).` : "";
  return new MalformedRequest(node.line, `Element '${node.name}': This element is not expected.${hint}`);
}

function elementOnly(node: RequestElement): MalformedRequest {
  return new MalformedRequest(
    node.line,
    `Element '${node.name}': Character content other than whitespace is not allowed because the content type is 'element-only'.`,
  );
}
