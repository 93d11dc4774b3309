"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NOT_FOUND = void 0;
exports.downloadPackage = downloadPackage;
exports.getDownloadStatus = getDownloadStatus;
exports.getDownloadTransaction = getDownloadTransaction;
exports.getPackages = getPackages;
exports.listServerPackages = listServerPackages;
exports.listCatalogAndServerPackages = listCatalogAndServerPackages;
exports.setPackagesVisible = setPackagesVisible;
const packet_1 = require("./packet");
const result_matching_1 = require("./result-matching");
const OPERATOR = "aps";
exports.NOT_FOUND = 1013;
/**
 * Asks Plesk to download a package and returns the task id. Sent once: a lost answer may still
 * have started a download, so this packet is never resent.
 */
async function downloadPackage(client, request, options = {}) {
    const operation = "download-package";
    const { name, version, release, vendor, packager } = request.package;
    const elements = await client.send({
        operator: OPERATOR,
        operation,
        bodies: [{ package: { name, version, release, vendor, packager }, "aps-catalog-url": request.catalogUrl }],
        resend: "never",
        ...options,
    });
    const results = elements.flatMap((element) => (0, packet_1.readResults)(element, operation));
    if (results.length !== 1) {
        throw (0, packet_1.invalidAnswer)(operation, `expected one result, found ${results.length}; a download may have started: list the server's download tasks before trying again`);
    }
    const [result] = results;
    if (!result.ok)
        throw (0, packet_1.resultError)(result, operation);
    const taskId = (0, packet_1.childText)(result.element, "task-id");
    if (!taskId)
        throw (0, packet_1.invalidAnswer)(operation, "the result is ok but carries no task-id");
    return taskId;
}
// ---- get-download-status -------------------------------------------------------------------
/** The status of each task asked for, keyed by the task id as given. One packet for all. */
async function getDownloadStatus(client, taskIds, options = {}) {
    const operation = "get-download-status";
    if (taskIds.length === 0)
        return new Map();
    const results = await statusResults(client, { "task-id": [...taskIds] }, options);
    const matched = (0, result_matching_1.matchResultsToIds)(operation, taskIds, results, (result) => [
        result.id,
        (0, packet_1.childText)((0, packet_1.children)(result.element, "task")[0] ?? {}, "id"),
        result.filterId,
    ]);
    return new Map([...matched].map(([taskId, result]) => [taskId, readTaskStatus(result, taskId, operation)]));
}
/** Every task of the current download transaction; empty when none runs. */
async function getDownloadTransaction(client, options = {}) {
    const operation = "get-download-status";
    const results = await statusResults(client, "", options);
    return results
        .filter((result) => !(result.ok && !(0, packet_1.hasChild)(result.element, "task")))
        .map((result) => {
        const taskId = result.id ?? (0, packet_1.childText)((0, packet_1.children)(result.element, "task")[0] ?? {}, "id") ?? result.filterId;
        if (!taskId)
            throw (0, packet_1.invalidAnswer)(operation, "a task result carries no id");
        return readTaskStatus(result, taskId, operation);
    });
}
async function statusResults(client, filter, options) {
    const operation = "get-download-status";
    const elements = await client.send({ operator: OPERATOR, operation, bodies: [{ filter }], resend: "safe", ...options });
    return elements.flatMap((element) => (0, packet_1.readResults)(element, operation));
}
function readTaskStatus(result, taskId, operation) {
    if (!result.ok)
        return { taskId, state: "unknown", errcode: result.errcode ?? 0, errtext: result.errtext ?? "" };
    const task = (0, packet_1.children)(result.element, "task")[0];
    if (!task)
        throw (0, packet_1.invalidAnswer)(operation, `the result for task ${taskId} has no <task>`);
    const finished = (0, packet_1.children)(task, "finished")[0];
    if (finished) {
        const packageId = (0, packet_1.childText)(finished, "package-id");
        if (packageId)
            return { taskId, state: "succeeded", packageId };
        if ((0, packet_1.hasChild)(finished, "error"))
            return { taskId, state: "failed", message: (0, packet_1.childText)(finished, "error") ?? "" };
        throw (0, packet_1.invalidAnswer)(operation, `task ${taskId} is finished with neither package-id nor error`);
    }
    const progress = (0, packet_1.children)(task, "in-progress")[0];
    if (!progress)
        throw (0, packet_1.invalidAnswer)(operation, `task ${taskId} is neither finished nor in progress`);
    const totalBytes = byteCount(progress, "total", taskId, operation);
    const completedBytes = byteCount(progress, "completed", taskId, operation);
    // Linux marks the running task with <current/>; Windows runs each task in its own transaction
    // and reports 0/0 without <current/> while it runs. A queued Linux task knows its size.
    const running = (0, packet_1.hasChild)(progress, "current") || (totalBytes === 0 && completedBytes === 0);
    return { taskId, state: running ? "running" : "queued", totalBytes, completedBytes };
}
function byteCount(element, name, taskId, operation) {
    const text = (0, packet_1.childText)(element, name);
    if (text === undefined || !/^\d+$/.test(text.trim())) {
        throw (0, packet_1.invalidAnswer)(operation, `task ${taskId} reports ${name} "${text ?? ""}", expected a byte count`);
    }
    return Number(text);
}
// ---- get-packages-list ---------------------------------------------------------------------
/**
 * The packages with the given ids, in one packet. A package Plesk does not know (1013) maps to
 * `undefined`; any other per-id error fails the call.
 */
async function getPackages(client, packageIds, options = {}) {
    const operation = "get-packages-list";
    if (packageIds.length === 0)
        return new Map();
    const results = await packageListResults(client, { filter: { "package-id": [...packageIds] } }, options);
    const matched = (0, result_matching_1.matchResultsToIds)(operation, packageIds, results, (result) => [
        (0, packet_1.childText)((0, packet_1.children)(result.element, "package")[0] ?? {}, "id"),
        result.filterId,
    ]);
    return new Map([...matched].map(([packageId, result]) => {
        if (!result.ok) {
            if (result.errcode === exports.NOT_FOUND)
                return [packageId, undefined];
            throw (0, packet_1.resultError)(result, operation);
        }
        const found = (0, packet_1.children)(result.element, "package")[0];
        if (!found)
            throw (0, packet_1.invalidAnswer)(operation, `the result for package ${packageId} holds no <package>`);
        return [packageId, readServerPackage(found, operation)];
    }));
}
/** Every package on the server (an empty filter). */
async function listServerPackages(client, options = {}) {
    const operation = "get-packages-list";
    const results = await packageListResults(client, { filter: "" }, options);
    return okPackages(results, operation).map((element) => readServerPackage(element, operation));
}
/** Catalog applications and the packages on the server (`<all/>`). */
async function listCatalogAndServerPackages(client, options = {}) {
    const operation = "get-packages-list";
    const results = await packageListResults(client, { all: "" }, options);
    return okPackages(results, operation).map((element) => readListedPackage(element, operation));
}
async function packageListResults(client, body, options) {
    const operation = "get-packages-list";
    const elements = await client.send({ operator: OPERATOR, operation, bodies: [body], resend: "safe", ...options });
    return elements.flatMap((element) => (0, packet_1.readResults)(element, operation));
}
function okPackages(results, operation) {
    return results.flatMap((result) => {
        if (!result.ok)
            throw (0, packet_1.resultError)(result, operation);
        return (0, packet_1.children)(result.element, "package");
    });
}
function readServerPackage(element, operation) {
    const listed = readListedPackage(element, operation);
    if (!listed.id)
        throw (0, packet_1.invalidAnswer)(operation, `package "${listed.name}" carries no id`);
    return { ...listed, id: listed.id };
}
function readListedPackage(element, operation) {
    const name = (0, packet_1.childText)(element, "name");
    if (name === undefined)
        throw (0, packet_1.invalidAnswer)(operation, "a <package> carries no name");
    const optional = (field) => (0, packet_1.childText)(element, field);
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
    return Object.fromEntries(Object.entries(listed).filter(([, value]) => value !== undefined));
}
function flag(value) {
    return value === "1" || value?.toLowerCase() === "true";
}
// ---- set-package-properties ----------------------------------------------------------------
/** Shows or hides packages. Setting the same value twice changes nothing, so it may be resent. */
async function setPackagesVisible(client, packageIds, visible, options = {}) {
    const operation = "set-package-properties";
    if (packageIds.length === 0)
        return;
    const elements = await client.send({
        operator: OPERATOR,
        operation,
        bodies: [{ filter: { "package-id": [...packageIds] }, properties: { visible: visible ? "1" : "0" } }],
        resend: "safe",
        ...options,
    });
    const results = elements.flatMap((element) => (0, packet_1.readResults)(element, operation));
    const matched = (0, result_matching_1.matchResultsToIds)(operation, packageIds, results, (result) => [result.id, result.filterId]);
    const failed = [...matched.values()].find((result) => !result.ok);
    if (failed)
        throw (0, packet_1.resultError)(failed, operation);
}
//# sourceMappingURL=aps.js.map