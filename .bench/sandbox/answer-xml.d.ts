/** An answer element in document order (fast-xml-parser's ordered form). */
export type AnswerNode = {
    readonly [name: string]: readonly AnswerNode[] | Readonly<Record<string, string>> | string;
};
export declare const node: (name: string, ...children: AnswerNode[]) => AnswerNode;
export declare const leaf: (name: string, value: string | number) => AnswerNode;
/** `<packet version>` around the given children, with the declaration Plesk writes for it. */
export declare function answerPacket(version: string, children: readonly AnswerNode[], declaration: string): string;
