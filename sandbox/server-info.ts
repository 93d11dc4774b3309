import { leaf, node, type AnswerNode } from "./answer-xml";
import type { RequestElement } from "./request-tree";

/** What the sandbox says of itself to `<server>`: the Plesk it plays. */
export interface ServerInfo {
  readonly serverName: string;
  /** As `<stat><version><plesk_version>` reports it, e.g. `18.0.61`. */
  readonly pleskVersion: string;
  /** Every packet version the server accepts, newest first, as `get_protos` lists them. */
  readonly protocolVersions: readonly string[];
}

/** A stable made-up GUID: real servers report one per installation. */
const SERVER_GUID = "5d9a0c3e-2f41-4b8e-9a6d-0e7c1b2a3f48";

/**
 * Answers `<server><get>` with `gen_info` and `stat` as asked (the parts the 1.6.9.1 schema
 * requires, `plesk_name` as real servers send it: `psa`), and `<server><get_protos/>`.
 */
export function answerServerOperation(info: ServerInfo, operation: RequestElement): AnswerNode {
  if (operation.name === "get_protos") {
    const protos = node("protos", ...info.protocolVersions.map((version) => leaf("proto", version)));
    return node("get_protos", node("result", leaf("status", "ok"), protos));
  }
  const asked = new Set(operation.children.map((child) => child.name));
  const parts: AnswerNode[] = [];
  if (asked.has("gen_info"))
    parts.push(node("gen_info", leaf("server_name", info.serverName), leaf("server_guid", SERVER_GUID), leaf("mode", "standard")));
  if (asked.has("stat")) {
    parts.push(
      node(
        "stat",
        node(
          "version",
          leaf("plesk_name", "psa"),
          leaf("plesk_version", info.pleskVersion),
          leaf("plesk_os", "Ubuntu"),
          leaf("plesk_os_version", "22.04"),
          leaf("plesk_build", `${info.pleskVersion.replace(/\./g, "")}_17`),
          leaf("os_release", "22.04"),
        ),
      ),
    );
  }
  return node(operation.name, node("result", leaf("status", "ok"), ...parts));
}
