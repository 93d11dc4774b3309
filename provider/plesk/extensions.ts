import { withoutUndefined } from "../basics/without-undefined";
import type { PleskClient, PleskRequest } from "./client";
import { isPleskApiError, type PleskApiError, PleskExtensionsUnsupportedError } from "./errors";
import { childText, children, invalidAnswer, readResults, resultError, type XmlElement } from "./packet";
import { pleskVersionOf, STAT_REQUEST } from "./server-version";

const OPERATOR = "extension";
/** Where the operator is documented from, for the message of a server without it. */
export const EXTENSION_OPERATOR_SINCE = "Plesk Onyx 17.0, XML API 1.6.8.0";

/** An extension installed on the server, as `<extension><get>` reports it. */
export interface PleskExtension {
  readonly id: string;
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly active: boolean;
}

/** Where an install comes from: Plesk's Extensions Catalog by id, or a ZIP by URL. */
export type ExtensionSource = { readonly id: string } | { readonly url: string };

export interface ExtensionCallOptions {
  readonly signal?: AbortSignal;
}

/**
 * Installs an extension and returns when Plesk says the install has ended: the answer comes only
 * then, after minutes maybe. Sent once, never again: a lost answer says nothing of the install,
 * which goes on in Plesk.
 */
export async function installExtension(
  client: PleskClient,
  source: ExtensionSource,
  options: ExtensionCallOptions & { readonly responseTimeoutMs: number },
): Promise<void> {
  const [result] = await oneResultEach(
    client,
    { operator: OPERATOR, operation: "install", bodies: [source], resend: "never", ...options },
    1,
  );
  if (!result!.ok) throw resultError(result!, "extension install");
}

/** Every extension installed on the server: one packet, whatever their number. */
export async function listExtensions(client: PleskClient, options: ExtensionCallOptions = {}): Promise<PleskExtension[]> {
  const elements = await sendExtension(client, { operator: OPERATOR, operation: "get", bodies: [{}], resend: "safe", ...options });
  const results = elements.flatMap((element) => readResults(element, "extension get"));
  const failed = results.find((result) => !result.ok);
  if (failed) throw resultError(failed, "extension get");
  return results.flatMap((result) => children(result.element, "details")).map(readDetails);
}

/**
 * The extension installed under `id`, or undefined when Plesk says it is not installed. Plesk does
 * not document that answer (PROTOCOL.md §6): only 1013, or a text saying "not installed" or "not
 * found", counts as absent; any other error fails.
 */
export async function getExtension(
  client: PleskClient,
  id: string,
  options: ExtensionCallOptions = {},
): Promise<PleskExtension | undefined> {
  const [result] = await oneResultEach(
    client,
    { operator: OPERATOR, operation: "get", bodies: [{ filter: { id } }], resend: "safe", ...options },
    1,
  );
  if (!result!.ok) {
    if (saysNotInstalled(result!.errcode, result!.errtext)) return undefined;
    throw resultError(result!, "extension get");
  }
  const found = children(result!.element, "details").map(readDetails);
  const named = found.find((extension) => extension.id === id);
  if (found.length > 0 && named === undefined)
    throw invalidAnswer(
      "extension get",
      `asked for extension ${id}, the answer describes ${found.map((e) => e.id).join(", ")}; it is not used`,
    );
  return named;
}

/** Uninstalls an extension; one no longer installed is already what was asked. */
export async function uninstallExtension(
  client: PleskClient,
  id: string,
  options: ExtensionCallOptions = {},
): Promise<"uninstalled" | "absent"> {
  const [result] = await oneResultEach(
    client,
    { operator: OPERATOR, operation: "uninstall", bodies: [{ id }], resend: "never", ...options },
    1,
  );
  if (result!.ok) return "uninstalled";
  if (saysNotInstalled(result!.errcode, result!.errtext)) return "absent";
  throw resultError(result!, "extension uninstall");
}

function saysNotInstalled(errcode: number | undefined, errtext: string | undefined): boolean {
  return errcode === 1013 || /\bnot (installed|found)\b/i.test(errtext ?? "");
}

async function oneResultEach(client: PleskClient, request: PleskRequest, count: number) {
  const operation = `extension ${request.operation}`;
  const elements = await sendExtension(client, request);
  const results = elements.flatMap((element) => readResults(element, operation));
  if (results.length !== count) throw invalidAnswer(operation, `expected ${count} result, found ${results.length}`);
  return results;
}

function readDetails(details: XmlElement): PleskExtension {
  const id = childText(details, "id");
  if (!id) throw invalidAnswer("extension get", "an extension's details carry no id");
  const active = childText(details, "active");
  return withoutUndefined({
    id,
    name: childText(details, "name") ?? id,
    version: childText(details, "version"),
    release: childText(details, "release"),
    active: active === "true" || active === "1",
  });
}

/**
 * Sends an `<extension>` packet. A Plesk older than XML API 1.6.8.0 refuses the whole packet (1014
 * naming the element, or 1017): that becomes one PleskExtensionsUnsupportedError naming the server
 * and the Plesk version it reports.
 */
async function sendExtension(client: PleskClient, request: PleskRequest): Promise<XmlElement[]> {
  try {
    return await client.send(request);
  } catch (error) {
    if (!refusesTheOperator(error)) throw error;
    throw new PleskExtensionsUnsupportedError(client.where, await reportedVersion(client), error);
  }
}

function refusesTheOperator(error: unknown): error is PleskApiError {
  if (!isPleskApiError(error) || error.level !== "system") return false;
  return error.errcode === 1017 || (error.errcode === 1014 && /'extension'/.test(error.errtext));
}

async function reportedVersion(client: PleskClient): Promise<string | undefined> {
  try {
    return pleskVersionOf(await client.send({ ...STAT_REQUEST, resend: "safe", signal: AbortSignal.timeout(10_000) }));
  } catch {
    return undefined;
  }
}
