import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { answerPacket, leaf, node, type AnswerNode } from "./answer-xml";
import { utf8Text } from "./http-io";
import { answerApsOperations } from "./aps-answers";
import { answerExtensionOperation } from "./extension-answers";
import type { ExtensionServerState } from "./extension-state";
import type { ApsServerState } from "./aps-state";
import type { CatalogConfiguration } from "./catalog";
import { describeOperations, describeResults } from "./request-log";
import { countOperations, countSystemError, type RequestCounts } from "./request-stats";
import { checkPacketSchema } from "./request-schema";
import { answerServerOperation, type ServerInfo } from "./server-info";
import { MalformedRequest, parseRequestTree } from "./request-tree";

export const NEWEST_PROTOCOL_VERSION = "1.6.9.1";
export const KNOWN_PROTOCOL_VERSIONS = [
  "1.6.9.1",
  "1.6.9.0",
  "1.6.8.0",
  "1.6.7.0",
  "1.6.6.0",
  "1.6.5.0",
  "1.6.4.0",
  "1.6.3.5",
  "1.6.3.4",
  "1.6.3.3",
  "1.6.3.2",
  "1.6.3.1",
  "1.6.3.0",
  "1.6.2.0",
  "1.6.1.0",
  "1.6.0.2",
  "1.6.0.1",
  "1.6.0.0",
  "1.5.2.1",
  "1.5.2.0",
  "1.5.1.0",
  "1.5.0.0",
  "1.4.2.0",
  "1.4.1.2",
  "1.4.1.1",
  "1.4.1.0",
  "1.4.0.0",
];

export interface AgentCredentials {
  readonly login: string;
  readonly password: string;
  /** Further logins the server accepts, each with its password. */
  readonly accounts?: readonly { readonly login: string; readonly password: string }[];
  /** When unset, any KEY header fails as a wrong key. */
  readonly secretKey?: string;
}

export interface AgentContext {
  readonly state: ApsServerState;
  readonly catalogs: CatalogConfiguration;
  readonly credentials: AgentCredentials;
  readonly counts: RequestCounts;
  /**
   * The newest packet version whose schema has the `aps` operator; `null`: none has it (a Plesk
   * whose XML API does not offer `aps`). Undefined: every version has it.
   */
  readonly apsUpTo?: string | null;
  /** The panel's extensions; absent: a Plesk older than XML API 1.6.8.0, without the `extension` operator. */
  readonly extensions?: ExtensionServerState;
  readonly server: ServerInfo;
}

/** The first packet version whose schema has the `extension` operator (Plesk Onyx 17.0). */
const EXTENSION_SINCE = "1.6.8.0";

/** A system-level refusal: the whole packet is answered with `<system>`, as Plesk does. */
class SystemError extends Error {
  constructor(
    readonly errcode: number,
    readonly errtext: string,
  ) {
    super(errtext);
  }
}

/** Answers a POST to agent.php. Plesk answers HTTP 200 for errors too; so does this. */
/** An answer to one packet, with what it asked and how it ended for the request log. */
export interface AgentAnswer {
  readonly text: string;
  readonly asked: string;
  readonly outcome: string;
  /** Packages the answer's `get-packages-list` results describe: what building it cost the panel. */
  readonly packagesListed: number;
  /** Simulated ms before which the answer may not be sent: an install answers when it has ended. */
  readonly readyAt?: number;
}

export function answerAgentRequest(context: AgentContext, headers: IncomingHttpHeaders, body: Buffer): AgentAnswer {
  let version = NEWEST_PROTOCOL_VERSION;
  let asked = "";
  try {
    checkContentType(headers["content-type"]);
    authenticate(headers, context.credentials);
    const packet = parseRequestTree(requestText(body));
    version = packet.attributes.version ?? NEWEST_PROTOCOL_VERSION;
    if (!isSupportedVersion(version)) {
      const requested = version;
      version = NEWEST_PROTOCOL_VERSION;
      throw new SystemError(1005, `Protocol version ${requested} is not supported`);
    }
    const extensions = context.extensions !== undefined && compareVersions(fullVersion(version), EXTENSION_SINCE) >= 0;
    checkPacketSchema(packet, { aps: offersAps(context.apsUpTo, version), extension: extensions });

    const operators = packet.children;
    asked = describeOperations(operators.flatMap((operator) => operator.children));
    countOperations(
      context.counts,
      // Extension operations by their operator too: `extension:get` is not the server's `get`.
      operators.flatMap((operator) =>
        operator.children.map((operation) => (operator.name === "extension" ? `extension:${operation.name}` : operation.name)),
      ),
    );
    for (const operation of operators.flatMap((aps) => aps.children)) {
      const filter = operation.children.find((element) => element.name === "filter");
      if (operation.name === "get-packages-list" && !filter?.children.some((element) => element.name === "package-id")) {
        context.counts.wholeServerLists++;
      }
      if (operation.name === "get-download-status" && !filter?.children.some((element) => element.name === "task-id")) {
        context.counts.transactionLooks++;
      }
    }
    let readyAt: number | undefined;
    const answered = operators.map((operator) => {
      if (operator.name === "server")
        return node("server", ...operator.children.map((operation) => answerServerOperation(context.server, operation)));
      if (operator.name === "extension") {
        const answers = operator.children.map((operation) => answerExtensionOperation(context.extensions!, operation));
        for (const answer of answers) if (answer.readyAt !== undefined) readyAt = Math.max(readyAt ?? 0, answer.readyAt);
        return node("extension", ...answers.map((answer) => answer.answer));
      }
      return node("aps", ...answerApsOperations(context.state, context.catalogs, operator.children));
    });
    return {
      text: answerPacket(version, answered, '<?xml version="1.0" encoding="UTF-8"?>'),
      asked,
      outcome: describeResults(answered),
      packagesListed: packagesListed(answered),
      ...(readyAt === undefined ? {} : { readyAt }),
    };
  } catch (error) {
    const refusal = error instanceof MalformedRequest ? new SystemError(1014, error.message) : error;
    if (!(refusal instanceof SystemError)) throw error;
    countSystemError(context.counts, refusal.errcode);
    const text = answerPacket(
      version,
      [node("system", leaf("status", "error"), leaf("errcode", refusal.errcode), leaf("errtext", refusal.errtext))],
      '<?xml version="1.0"?>',
    );
    return { text, asked, outcome: `system error ${refusal.errcode}`, packagesListed: 0 };
  }
}

/** libxml2 reads UTF-8 unless the declaration names another encoding; the sandbox knows only UTF-8. */
function requestText(body: Buffer): string {
  const head = body.subarray(0, 200).toString("latin1");
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']/.exec(head)?.[1];
  if (declared !== undefined && declared.toLowerCase() !== "utf-8") {
    throw new SystemError(1014, `Parser error: Request is invalid. Error in line 1: Unsupported encoding ${declared}`);
  }
  const text = utf8Text(body);
  if (text === undefined)
    throw new SystemError(1014, "Parser error: Request is invalid. Error in line 1: Input is not proper UTF-8, indicate encoding !");
  return text;
}

function checkContentType(contentType: string | undefined): void {
  const mediaType = contentType?.split(";")[0].trim().toLowerCase();
  if (mediaType !== "text/xml") {
    throw new SystemError(1014, `Parser error: Request is invalid. Content-Type must be text/xml, got "${contentType ?? ""}"`);
  }
}

/** Plesk's order: a KEY header wins; otherwise both login headers; anything else is unknown. */
function authenticate(headers: IncomingHttpHeaders, credentials: AgentCredentials): void {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const key = header("key");
  if (key !== undefined) {
    if (credentials.secretKey === undefined || !sameSecret(key, credentials.secretKey)) {
      throw new SystemError(11003, "Secret key validation failed");
    }
    return;
  }
  const login = header("http_auth_login");
  const password = header("http_auth_passwd");
  if (login === undefined || password === undefined) {
    throw new SystemError(1029, "Authentication method is not specified");
  }
  const accounts = [{ login: credentials.login, password: credentials.password }, ...(credentials.accounts ?? [])];
  if (!accounts.some((account) => sameSecret(login, account.login) && sameSecret(password, account.password))) {
    throw new SystemError(1001, "You have entered incorrect username or password.");
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the schema of packet `version` has the `aps` operator, for a server that offers it up to `upTo`. */
function offersAps(upTo: string | null | undefined, version: string): boolean {
  if (upTo === undefined) return true;
  if (upTo === null) return false;
  return compareVersions(fullVersion(version), upTo) <= 0;
}

/** A partial version stands for the newest it names: "1.6" is 1.6.9.1. */
function fullVersion(version: string): string {
  return KNOWN_PROTOCOL_VERSIONS.find((known) => known === version || known.startsWith(`${version}.`)) ?? version;
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** A partial version (`1.6`) is accepted when some known version starts with it. */
function isSupportedVersion(version: string): boolean {
  return KNOWN_PROTOCOL_VERSIONS.some((known) => known === version || known.startsWith(`${version}.`));
}

/** `package` elements under the answer's `get-packages-list` operations. */
function packagesListed(answered: readonly AnswerNode[]): number {
  const children = (element: AnswerNode): readonly AnswerNode[] =>
    Object.values(element).flatMap((value) => (Array.isArray(value) ? value : []));
  const lists = answered.flatMap(children).filter((operation) => "get-packages-list" in operation);
  return lists
    .flatMap(children)
    .flatMap(children)
    .filter((element) => "package" in element).length;
}
