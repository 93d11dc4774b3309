import { XMLBuilder } from "fast-xml-parser";

/** An answer element in document order (fast-xml-parser's ordered form). */
export type AnswerNode = { readonly [name: string]: readonly AnswerNode[] | Readonly<Record<string, string>> | string };

export const node = (name: string, ...children: AnswerNode[]): AnswerNode => ({ [name]: children });
export const leaf = (name: string, value: string | number): AnswerNode => ({ [name]: [{ "#text": String(value) }] });

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  suppressEmptyNode: true,
  processEntities: true,
  format: true,
  indentBy: "  ",
});

/** `<packet version>` around the given children, with the declaration Plesk writes for it. */
export function answerPacket(version: string, children: readonly AnswerNode[], declaration: string): string {
  return `${declaration}\n${builder.build([{ packet: children, ":@": { "@_version": version } }]).trim()}\n`;
}
