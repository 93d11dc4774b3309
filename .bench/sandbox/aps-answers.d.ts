import { type AnswerNode } from "./answer-xml";
import type { ApsServerState } from "./aps-state";
import type { CatalogConfiguration } from "./catalog";
import type { RequestElement } from "./request-tree";
/** Answers one APS operation element: the `<operation><result>…</result>…</operation>` node. */
export declare function answerApsOperation(state: ApsServerState, catalogs: CatalogConfiguration, operation: RequestElement): AnswerNode;
