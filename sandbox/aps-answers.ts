import { definedOnly } from "./defined";
import { leaf, node, type AnswerNode } from "./answer-xml";
import type { ApsServerState, DownloadTask, PackageIdentity, ServerPackage } from "./aps-state";
import type { CatalogConfiguration } from "./catalog";
import type { ApsOperationName } from "./request-schema";
import type { RequestElement } from "./request-tree";

/**
 * Answers the operations of one `<aps>` element. With the `oneResultForSeveralDownloads` fault,
 * every download starts but only the first is answered, as Plesk's own sample shows.
 */
export function answerApsOperations(
  state: ApsServerState,
  catalogs: CatalogConfiguration,
  operations: readonly RequestElement[],
): AnswerNode[] {
  const answers = operations.map((operation) => answerApsOperation(state, catalogs, operation));
  const downloads = operations.filter((operation) => operation.name === "download-package").length;
  if (!state.faults.oneResultForSeveralDownloads || downloads < 2) return answers;
  const firstDownload = operations.findIndex((operation) => operation.name === "download-package");
  return answers.filter((_, i) => operations[i].name !== "download-package" || i === firstDownload);
}

/** Answers one APS operation element: the `<operation><result>…</result>…</operation>` node. */
export function answerApsOperation(state: ApsServerState, catalogs: CatalogConfiguration, operation: RequestElement): AnswerNode {
  const name = operation.name as ApsOperationName;
  state.settle(); // once: the answer below reads the maps as they stand
  return node(name, ...ANSWERS[name](state, catalogs, operation));
}

type Answer = (state: ApsServerState, catalogs: CatalogConfiguration, operation: RequestElement) => AnswerNode[];

const ANSWERS: Record<ApsOperationName, Answer> = {
  "download-package": (state, _catalogs, operation) => {
    const identity = child(operation, "package")!;
    const field = (name: string) => child(identity, name)?.text.trim();
    const requested: PackageIdentity = definedOnly({
      name: field("name")!,
      version: field("version"),
      release: field("release"),
      vendor: field("vendor"),
      packager: field("packager"),
    });
    const answer = state.startDownload(requested, child(operation, "aps-catalog-url")?.text.trim());
    return [
      "taskId" in answer
        ? node("result", leaf("status", "ok"), leaf("task-id", answer.taskId))
        : errorResult(answer.errcode, answer.errtext),
    ];
  },

  "get-download-status": (state, _catalogs, operation) => {
    const requested = filterIds(operation, "task-id");
    if (requested.length === 0) {
      const tasks = state.currentTransaction();
      return tasks ? tasks.map((task) => taskResult(task, String(task.id), state)) : [node("result", leaf("status", "ok"))];
    }
    return maybeTruncated(
      state,
      requested.map(answeredInstead(state)).map((written) => {
        const task = state.tasks.get(Number(written));
        return task ? taskResult(task, written, state) : errorResult(1013, `Download task with id ${Number(written)} not found`, written);
      }),
    );
  },

  "get-packages-list": (state, catalogs, operation) => {
    if (child(operation, "all")) return [allPackagesResult(state, catalogs)];
    const requested = filterIds(operation, "package-id");
    if (requested.length === 0) {
      if (state.faults.failingWholeLists > 0) {
        state.faults.failingWholeLists--;
        return [errorResult(1023, "Unable to list the packages: out of memory")];
      }
      const packages = [...state.packages.values()];
      // Plesk's one sample for an empty filter carries the first package's id as filter-id.
      const filterId = packages.length ? [leaf("filter-id", packages[0].id)] : [];
      return [node("result", leaf("status", "ok"), ...filterId, ...packages.map(packageNode))];
    }
    return maybeTruncated(
      state,
      requested.map(answeredInstead(state)).map((written) => {
        const found = state.packages.get(Number(written));
        return found
          ? node("result", leaf("status", "ok"), leaf("filter-id", written), packageNode(found))
          : errorResult(1013, "Package does not exist", written);
      }),
    );
  },

  "set-package-properties": (state, _catalogs, operation) => {
    const visible = child(child(operation, "properties")!, "visible")?.text.trim();
    return filterIds(operation, "package-id").map((written) => {
      const found = state.packages.get(Number(written));
      if (!found) return errorResult(1013, "Package does not exist", written);
      if (visible !== undefined) found.isVisible = visible === "1" || visible === "true";
      return node("result", leaf("status", "ok"), leaf("filter-id", written), leaf("id", found.id));
    });
  },
};

function taskResult(task: DownloadTask, filterId: string, state: ApsServerState): AnswerNode {
  return node(
    "result",
    leaf("status", "ok"),
    leaf("filter-id", filterId),
    leaf("id", task.id),
    node("task", leaf("id", task.id), taskState(task, state)),
  );
}

function taskState(task: DownloadTask, state: ApsServerState): AnswerNode {
  if (task.state === "succeeded" || task.state === "failed") task.finishReportedAtWallMs ??= Date.now();
  if (task.state === "succeeded") return node("finished", leaf("package-id", task.packageId!));
  if (task.state === "failed") return node("finished", leaf("error", task.error!));
  // Windows reports 0/0 for as long as a download runs.
  const windows = state.platform === "windows";
  return node(
    "in-progress",
    leaf("total", windows ? 0 : task.totalBytes),
    leaf("completed", windows ? 0 : Math.floor(task.completedBytes)),
    ...(task.state === "running" && !windows ? [node("current")] : []),
  );
}

function packageNode(pkg: Omit<ServerPackage, "id"> & { readonly id?: number }): AnswerNode {
  const flag = (value: boolean) => (value ? "1" : "0");
  return node(
    "package",
    leaf("name", pkg.name),
    leaf("version", pkg.version),
    leaf("release", pkg.release),
    leaf("vendor", pkg.vendor),
    leaf("packager", pkg.packager),
    leaf("is_uploaded", flag(pkg.isUploaded)),
    leaf("is_visible", flag(pkg.isVisible)),
    leaf("global_settings_not_set", flag(pkg.globalSettingsNotSet)),
    ...(pkg.id === undefined ? [] : [leaf("id", pkg.id)]),
  );
}

/** `<all/>`: the server's packages, then every catalog package not on the server (no id). */
function allPackagesResult(state: ApsServerState, catalogs: CatalogConfiguration): AnswerNode {
  const onServer = [...state.packages.values()];
  const key = (p: { name: string; version: string; release: string }) => `${p.name}\u0000${p.version}\u0000${p.release}`;
  const present = new Set(onServer.map(key));
  const fromCatalogs = catalogs.catalogs.flatMap((catalog) =>
    catalog.applications.flatMap((app) =>
      app.packages
        .map((pkg) => ({ name: app.name, version: pkg.version, release: pkg.release, vendor: app.vendor, packager: app.packager }))
        .filter((pkg) => !present.has(key(pkg)))
        .map((pkg) => ({ ...pkg, isUploaded: false, isVisible: false, globalSettingsNotSet: app.needsGlobalSettings === true })),
    ),
  );
  return node("result", leaf("status", "ok"), ...onServer.map(packageNode), ...fromCatalogs.map(packageNode));
}

function errorResult(errcode: number, errtext: string, filterId?: string): AnswerNode {
  const filter = filterId === undefined ? [] : [leaf("filter-id", filterId)];
  return node("result", leaf("status", "error"), leaf("errcode", errcode), leaf("errtext", errtext), ...filter);
}

/** Applies the unusable-batch fault: a multi-id answer loses its last result. */
/** The id the sandbox answers about when asked for `written` (the `misdirectedAnswers` fault). */
function answeredInstead(state: ApsServerState): (written: string) => string {
  return (written) => String(state.faults.misdirectedAnswers.get(Number(written)) ?? written);
}

function maybeTruncated(state: ApsServerState, results: AnswerNode[]): AnswerNode[] {
  return state.faults.unusableBatchAnswers && results.length > 1 ? results.slice(0, -1) : results;
}

function child(element: RequestElement, name: string): RequestElement | undefined {
  return element.children.find((c) => c.name === name);
}

function filterIds(operation: RequestElement, name: string): string[] {
  return (child(operation, "filter")?.children ?? []).filter((c) => c.name === name).map((c) => c.text.trim());
}
