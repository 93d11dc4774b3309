import { leaf, node, type AnswerNode } from "./answer-xml";
import type { ExtensionServerState, InstalledExtension } from "./extension-state";
import type { RequestElement } from "./request-tree";

/** One answered `<extension>` operation, and when (simulated ms) its answer may be sent. */
export interface ExtensionAnswer {
  readonly answer: AnswerNode;
  /** An install answers when it has ended: the answer waits until the clock reaches this. */
  readonly readyAt?: number;
}

/** Answers one operation of an `<extension>` element as PROTOCOL.md §6 describes. */
export function answerExtensionOperation(state: ExtensionServerState, operation: RequestElement): ExtensionAnswer {
  const text = (name: string) => operation.children.find((child) => child.name === name)?.text.trim();
  switch (operation.name) {
    case "install": {
      const id = text("id");
      const outcome = state.install(id !== undefined ? { id } : { url: text("url")! });
      const result = outcome.ok ? okResult() : errorResult(outcome.errcode, outcome.errtext);
      return { answer: node("install", result), readyAt: outcome.endsAt };
    }
    case "uninstall": {
      const id = text("id")!;
      const removed = state.uninstall(id);
      return { answer: node("uninstall", removed ? okResult() : errorResult(1013, `Extension ${id} is not installed`)) };
    }
    default:
      return { answer: node("get", ...getResults(state, operation)) };
  }
}

function getResults(state: ExtensionServerState, operation: RequestElement): AnswerNode[] {
  const filter = operation.children.find((child) => child.name === "filter");
  const asked = filter?.children.map((child) => child.text.trim());
  const installed = state.list();
  if (asked === undefined) {
    if (state.faults.groupedGetAnswers) return [node("result", leaf("status", "ok"), ...installed.map(details))];
    return installed.length === 0 ? [okResult()] : installed.map((extension) => node("result", leaf("status", "ok"), details(extension)));
  }
  return asked.map((id) => {
    const extension = installed.find((candidate) => candidate.id === id);
    return extension ? node("result", leaf("status", "ok"), details(extension)) : errorResult(1013, `Extension ${id} is not installed`);
  });
}

function details(extension: InstalledExtension): AnswerNode {
  return node(
    "details",
    leaf("id", extension.id),
    leaf("name", extension.name),
    leaf("version", extension.version),
    leaf("release", extension.release),
    leaf("active", String(extension.active)),
  );
}

function okResult(): AnswerNode {
  return node("result", leaf("status", "ok"));
}

function errorResult(errcode: number, errtext: string): AnswerNode {
  return node("result", leaf("status", "error"), leaf("errcode", errcode), leaf("errtext", errtext));
}
