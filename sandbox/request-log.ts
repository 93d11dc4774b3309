import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnswerNode } from "./answer-xml";
import { presentedCredential } from "./credential-fingerprint";
import type { RequestElement } from "./request-tree";

/** One request as the sandbox's log shows it. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  /** Which credential the request presented: `login admin #1a2b3c4d`, `key #…`, `device-auth #…`, `none` (fingerprints, never secrets). */
  readonly credential: string;
  /** The HTTP status answered. */
  readonly status: number;
  /** What was asked: operations and the ids they name, or the GetApp route and catalog id. */
  readonly asked: string;
  /** How it ended: each operation's outcome, or GetApp's delivery status. */
  readonly outcome: string;
  readonly ms: number;
}

/** What the code answering a request says about it, for its log line. */
export interface RequestNotes {
  note(response: ServerResponse, asked: string, outcome: string): void;
}

/**
 * Calls `write` once per request, when its answer has been sent (or the connection dropped),
 * with what the answering code noted about it.
 */
export function requestLog(
  write: (entry: RequestLogEntry) => void,
): RequestNotes & { watch(request: IncomingMessage, response: ServerResponse): void } {
  const notes = new WeakMap<ServerResponse, { asked: string; outcome: string }>();
  return {
    note: (response, asked, outcome) => notes.set(response, { asked, outcome }),
    watch(request, response) {
      const startedAt = performance.now();
      const path = (request.url ?? "/").split("?")[0];
      const credential = presentedCredential(request.headers);
      response.once("close", () => {
        const noted = notes.get(response);
        write({
          method: request.method ?? "?",
          path,
          credential,
          status: response.writableFinished ? response.statusCode : 0,
          asked: noted?.asked ?? "",
          outcome: noted?.outcome ?? (response.writableFinished ? "" : "connection closed before the answer"),
          ms: Math.round(performance.now() - startedAt),
        });
      });
    },
  };
}

/** `12:00:01.234 POST /enterprise/control/agent.php get-download-status task-id=3 -> 200 ok (21 ms)` */
export function formatLogEntry(entry: RequestLogEntry, at = new Date()): string {
  const time = at.toISOString().slice(11, 23);
  const asked = entry.asked ? ` ${entry.asked}` : "";
  const outcome = entry.outcome ? ` ${entry.outcome}` : "";
  return `${time} ${entry.method} ${entry.path}${asked} -> ${entry.status || "no answer"}${outcome} (${entry.ms} ms)`;
}

/** `get-download-status task-id=3,4; download-package WordPress`: each operation and what its filter names. */
export function describeOperations(operations: readonly RequestElement[]): string {
  return operations
    .map((operation) => {
      const named = operation.children
        .flatMap((child) => (child.name === "filter" || child.name === "package" ? child.children : []))
        .filter((element) => element.text !== "")
        .map((element) => `${element.name}=${element.text}`);
      return named.length > 0 ? `${operation.name} ${named.join(",")}` : operation.name;
    })
    .join("; ");
}

/** `ok ×2, error 1013`: the outcomes of every `<result>` in an answer, in order, runs counted. */
export function describeResults(answered: readonly AnswerNode[]): string {
  const outcomes: string[] = [];
  const visit = (node: AnswerNode) => {
    for (const [name, value] of Object.entries(node)) {
      if (!Array.isArray(value)) continue;
      const children = value as readonly AnswerNode[];
      if (name === "result") {
        const status = leafText(children, "status");
        outcomes.push(status === "error" ? `error ${leafText(children, "errcode") ?? "?"}` : (status ?? "?"));
      } else children.forEach(visit);
    }
  };
  answered.forEach(visit);
  const runs: [string, number][] = [];
  for (const outcome of outcomes) {
    const last = runs[runs.length - 1];
    if (last?.[0] === outcome) last[1]++;
    else runs.push([outcome, 1]);
  }
  return runs.map(([outcome, count]) => (count > 1 ? `${outcome} x${count}` : outcome)).join(", ");
}

function leafText(children: readonly AnswerNode[], name: string): string | undefined {
  const found = children.find((child) => name in child)?.[name];
  if (!Array.isArray(found)) return undefined;
  const text = (found as readonly AnswerNode[])[0]?.["#text"];
  return typeof text === "string" ? text : undefined;
}
