import type { PleskClient } from "./client";
import {
  childText,
  children,
  hasChild,
  invalidAnswer,
  readResults,
  resultError,
  type OperationResult,
  type XmlElement,
  type XmlInput,
  type XmlInputElement,
} from "./packet";
import { matchResultsToIds } from "./result-matching";
import { PleskTransportError, type PleskApiError } from "./errors";
import { withoutUndefined } from "../basics/without-undefined";

const OPERATOR = "aps";
export const NOT_FOUND = 1013;

/** What names a package in the APS catalog (`APSIdentifierType`, in schema order). */
export interface ApsPackageIdentity {
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly vendor?: string;
  readonly packager?: string;
}

/** A package on the server, as `get-packages-list` reports it. */
export interface ApsServerPackage extends ApsPackageIdentity {
  readonly id: string;
  readonly isUploaded: boolean;
  readonly isVisible: boolean;
  readonly globalSettingsNotSet: boolean;
}

/** A package listed by `<all/>`: catalog applications carry no server id. */
export type ApsListedPackage = Omit<ApsServerPackage, "id"> & { readonly id?: string };

export type DownloadTaskStatus =
  | { readonly taskId: string; readonly state: "queued"; readonly totalBytes: number; readonly completedBytes: number }
  | { readonly taskId: string; readonly state: "running"; readonly totalBytes: number; readonly completedBytes: number }
  | { readonly taskId: string; readonly state: "succeeded"; readonly packageId: string }
  | { readonly taskId: string; readonly state: "failed"; readonly message: string }
  | { readonly taskId: string; readonly state: "unknown"; readonly errcode: number; readonly errtext: string };

export interface CallOptions {
  readonly signal?: AbortSignal;
}

// ---- download-package ----------------------------------------------------------------------

export interface DownloadRequest {
  readonly package: ApsPackageIdentity;
  /** Must equal a URL of the server's catalog configuration character for character. */
  readonly catalogUrl?: string;
}

/** What one `download-package` operation of a packet came to: its task, or Plesk's refusal. */
export type DownloadStart = { readonly taskId: string } | { readonly refused: PleskApiError };

/**
 * Several `download-package` operations share one packet, but the answer holds another number of
 * results than operations (Plesk's own sample answers three with one): which downloads started
 * cannot be told, so none of the results is used. Any of them may have started.
 */
export class DownloadAnswerUnmatchedError extends PleskTransportError {
  constructor(
    readonly sent: number,
    readonly answered: number,
  ) {
    super(
      "download-package",
      "invalid-answer",
      `${sent} download-package operations in one packet were answered with ${answered} results, so which downloads started cannot be told`,
    );
    this.name = "DownloadAnswerUnmatchedError";
  }
}

/**
 * Asks Plesk to download packages, several operations in one packet, and returns what each came
 * to, in the order asked. Sent once: a lost answer may still have started downloads, so this
 * packet is never resent. Each operation's element holds one result; an answer with another
 * count throws DownloadAnswerUnmatchedError (for several) rather than pair results by guess.
 */
export async function downloadPackages(
  client: PleskClient,
  requests: readonly DownloadRequest[],
  options: CallOptions = {},
): Promise<DownloadStart[]> {
  const operation = "download-package";
  const elements = await client.send({
    operator: OPERATOR,
    operation,
    bodies: requests.map(({ package: { name, version, release, vendor, packager }, catalogUrl }) => ({
      package: { name, version, release, vendor, packager },
      "aps-catalog-url": catalogUrl,
    })),
    resend: "never",
    ...options,
  });
  const perOperation = elements.map((element) => readResults(element, operation));
  const answered = perOperation.flat().length;
  if (perOperation.length !== requests.length || perOperation.some((results) => results.length !== 1)) {
    if (requests.length > 1) throw new DownloadAnswerUnmatchedError(requests.length, answered);
    throw invalidAnswer(
      operation,
      `expected one result, found ${answered}; a download may have started: list the server's download tasks before trying again`,
    );
  }
  return perOperation.map(([result]) => {
    if (!result.ok) return { refused: resultError(result, operation) };
    const taskId = childText(result.element, "task-id");
    if (!taskId) throw invalidAnswer(operation, "the result is ok but carries no task-id");
    return { taskId };
  });
}

/** Asks Plesk to download one package and returns the task id; see `downloadPackages`. */
export async function downloadPackage(client: PleskClient, request: DownloadRequest, options: CallOptions = {}): Promise<string> {
  const [start] = await downloadPackages(client, [request], options);
  if ("refused" in start) throw start.refused;
  return start.taskId;
}

// ---- get-download-status -------------------------------------------------------------------

/** The status of each task asked for, keyed by the task id as given. One packet for all. */
export async function getDownloadStatus(
  client: PleskClient,
  taskIds: readonly string[],
  options: CallOptions = {},
): Promise<Map<string, DownloadTaskStatus>> {
  const operation = "get-download-status";
  if (taskIds.length === 0) return new Map();
  const results = await statusResults(client, { "task-id": [...taskIds] }, options);
  const matched = matchResultsToIds(operation, taskIds, results, (result) => ({
    own: [result.id, childText(children(result.element, "task")[0] ?? {}, "id")],
    filterId: result.filterId,
  }));
  return new Map([...matched].map(([taskId, result]) => [taskId, readTaskStatus(result, taskId, operation)]));
}

/** Every task of the current download transaction; empty when none runs. */
export async function getDownloadTransaction(client: PleskClient, options: CallOptions = {}): Promise<DownloadTaskStatus[]> {
  const operation = "get-download-status";
  const results = await statusResults(client, "", options);
  return results
    .filter((result) => !(result.ok && !hasChild(result.element, "task")))
    .map((result) => {
      const taskId = result.id ?? childText(children(result.element, "task")[0] ?? {}, "id") ?? result.filterId;
      if (!taskId) throw invalidAnswer(operation, "a task result carries no id");
      return readTaskStatus(result, taskId, operation);
    });
}

async function statusResults(client: PleskClient, filter: XmlInput, options: CallOptions) {
  const operation = "get-download-status";
  const elements = await client.send({ operator: OPERATOR, operation, bodies: [{ filter }], resend: "safe", ...options });
  return elements.flatMap((element) => readResults(element, operation));
}

function readTaskStatus(result: OperationResult, taskId: string, operation: string): DownloadTaskStatus {
  if (!result.ok) return { taskId, state: "unknown", errcode: result.errcode ?? 0, errtext: result.errtext ?? "" };
  const task = children(result.element, "task")[0];
  if (!task) throw invalidAnswer(operation, `the result for task ${taskId} has no <task>`);

  const finished = children(task, "finished")[0];
  if (finished) {
    const packageId = childText(finished, "package-id");
    if (packageId) return { taskId, state: "succeeded", packageId };
    if (hasChild(finished, "error")) return { taskId, state: "failed", message: childText(finished, "error") ?? "" };
    throw invalidAnswer(operation, `task ${taskId} is finished with neither package-id nor error`);
  }

  const progress = children(task, "in-progress")[0];
  if (!progress) throw invalidAnswer(operation, `task ${taskId} is neither finished nor in progress`);
  const totalBytes = byteCount(progress, "total", taskId, operation);
  const completedBytes = byteCount(progress, "completed", taskId, operation);
  // Linux marks the running task with <current/>; Windows runs each task in its own transaction
  // and reports 0/0 without <current/> while it runs. A queued Linux task knows its size.
  const running = hasChild(progress, "current") || (totalBytes === 0 && completedBytes === 0);
  return { taskId, state: running ? "running" : "queued", totalBytes, completedBytes };
}

function byteCount(element: XmlElement, name: string, taskId: string, operation: string): number {
  const text = childText(element, name);
  if (text === undefined || !/^\d+$/.test(text.trim())) {
    throw invalidAnswer(operation, `task ${taskId} reports ${name} "${text ?? ""}", expected a byte count`);
  }
  return Number(text);
}

// ---- get-packages-list ---------------------------------------------------------------------

/**
 * The packages with the given ids, in one packet. A package Plesk does not know (1013) maps to
 * `undefined`; any other per-id error fails the call.
 */
export async function getPackages(
  client: PleskClient,
  packageIds: readonly string[],
  options: CallOptions = {},
): Promise<Map<string, ApsServerPackage | undefined>> {
  const operation = "get-packages-list";
  if (packageIds.length === 0) return new Map();
  const results = await packageListResults(client, { filter: { "package-id": [...packageIds] } }, options);
  const matched = matchResultsToIds(operation, packageIds, results, (result) => ({
    own: [result.id, ...children(result.element, "package").map((found) => childText(found, "id"))],
    filterId: result.filterId,
  }));
  return new Map(
    [...matched].map(([packageId, result]) => {
      if (!result.ok) {
        if (result.errcode === NOT_FOUND) return [packageId, undefined];
        throw resultError(result, operation);
      }
      const found = children(result.element, "package")[0];
      if (!found) throw invalidAnswer(operation, `the result for package ${packageId} holds no <package>`);
      return [packageId, readServerPackage(found, operation)];
    }),
  );
}

/** Every package on the server (an empty filter). */
export async function listServerPackages(client: PleskClient, options: CallOptions = {}): Promise<ApsServerPackage[]> {
  const operation = "get-packages-list";
  const results = await packageListResults(client, { filter: "" }, options);
  return okPackages(results, operation).map((element) => readServerPackage(element, operation));
}

/** Catalog applications and the packages on the server (`<all/>`). */
export async function listCatalogAndServerPackages(client: PleskClient, options: CallOptions = {}): Promise<ApsListedPackage[]> {
  const operation = "get-packages-list";
  const results = await packageListResults(client, { all: "" }, options);
  return okPackages(results, operation).map((element) => readListedPackage(element, operation));
}

async function packageListResults(client: PleskClient, body: XmlInputElement, options: CallOptions) {
  const operation = "get-packages-list";
  const elements = await client.send({ operator: OPERATOR, operation, bodies: [body], resend: "safe", ...options });
  return elements.flatMap((element) => readResults(element, operation));
}

function okPackages(results: readonly OperationResult[], operation: string): XmlElement[] {
  return results.flatMap((result) => {
    if (!result.ok) throw resultError(result, operation);
    return children(result.element, "package");
  });
}

function readServerPackage(element: XmlElement, operation: string): ApsServerPackage {
  const listed = readListedPackage(element, operation);
  if (!listed.id) throw invalidAnswer(operation, `package "${listed.name}" carries no id`);
  return { ...listed, id: listed.id };
}

function readListedPackage(element: XmlElement, operation: string): ApsListedPackage {
  const name = childText(element, "name");
  if (name === undefined) throw invalidAnswer(operation, "a <package> carries no name");
  const optional = (field: string) => childText(element, field);
  const listed = {
    name,
    version: optional("version"),
    release: optional("release"),
    vendor: optional("vendor"),
    packager: optional("packager"),
    isUploaded: flag(optional("is_uploaded")),
    isVisible: flag(optional("is_visible")),
    globalSettingsNotSet: flag(optional("global_settings_not_set")),
    id: optional("id"),
  };
  return withoutUndefined(listed) as ApsListedPackage;
}

function flag(value: string | undefined): boolean {
  return value === "1" || value?.toLowerCase() === "true";
}

// ---- set-package-properties ----------------------------------------------------------------

/** Shows or hides packages. Setting the same value twice changes nothing, so it may be resent. */
export async function setPackagesVisible(
  client: PleskClient,
  packageIds: readonly string[],
  visible: boolean,
  options: CallOptions = {},
): Promise<void> {
  const operation = "set-package-properties";
  if (packageIds.length === 0) return;
  const elements = await client.send({
    operator: OPERATOR,
    operation,
    bodies: [{ filter: { "package-id": [...packageIds] }, properties: { visible: visible ? "1" : "0" } }],
    resend: "safe",
    ...options,
  });
  const results = elements.flatMap((element) => readResults(element, operation));
  const matched = matchResultsToIds(operation, packageIds, results, (result) => ({ own: [result.id], filterId: result.filterId }));
  const failed = [...matched.values()].find((result) => !result.ok);
  if (failed) throw resultError(failed, operation);
}
