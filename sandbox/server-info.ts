import { leaf, node, type AnswerNode } from "./answer-xml";
import type { RequestElement } from "./request-tree";

/** What the sandbox says of itself to `<server><get>`: the Plesk it plays. */
export interface ServerInfo {
  readonly serverName: string;
  /** As `<stat><version><plesk_version>` reports it, e.g. `18.0.61`. */
  readonly pleskVersion: string;
}

/** Answers `<server><get>` with `gen_info` and `stat` as asked (only the version part of `stat`). */
export function answerServerOperation(info: ServerInfo, operation: RequestElement): AnswerNode {
  const asked = new Set(operation.children.map((child) => child.name));
  const parts: AnswerNode[] = [];
  if (asked.has("gen_info")) parts.push(node("gen_info", leaf("server_name", info.serverName)));
  if (asked.has("stat")) {
    parts.push(
      node(
        "stat",
        node(
          "version",
          leaf("plesk_name", "Plesk Obsidian"),
          leaf("plesk_version", info.pleskVersion),
          leaf("plesk_os", "Ubuntu"),
          leaf("plesk_os_version", "22.04"),
        ),
      ),
    );
  }
  return node(operation.name, node("result", leaf("status", "ok"), ...parts));
}
