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

/**
 * Asks Plesk to download a package and returns the task id. Sent once: a lost answer may still
 * have started a download, so this packet is never resent.
 */
export async function downloadPackage(client: PleskClient, request: DownloadRequest, options: CallOptions = {}): Promise<string> {
  const operation = "download-package";
  const { name, version, release, vendor, packager } = request.package;
  const elements = await client.send({
    operator: OPERATOR,
    operation,
    bodies: [{ package: { name, version, release, vendor, packager }, "aps-catalog-url": request.catalogUrl }],
    resend: "never",
    ...options,
  });
  const results = elements.flatMap((element) => readResults(element, operation));
  if (results.length !== 1) {
    throw invalidAnswer(
      operation,
      `expected one result, found ${results.length}; a download may have started: list the server's download tasks before trying again`,
    );
  }
  const [result] = results;
  if (!result.ok) throw resultError(result, operation);
  const taskId = childText(result.element, "task-id");
  if (!taskId) throw invalidAnswer(operation, "the result is ok but carries no task-id");
  return taskId;
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
