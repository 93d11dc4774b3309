"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.answerApsOperation = answerApsOperation;
const result_matching_1 = require("../provider/plesk/result-matching");
const answer_xml_1 = require("./answer-xml");
/** Answers one APS operation element: the `<operation><result>…</result>…</operation>` node. */
function answerApsOperation(state, catalogs, operation) {
    const name = operation.name;
    return (0, answer_xml_1.node)(name, ...ANSWERS[name](state, catalogs, operation));
}
const ANSWERS = {
    "download-package": (state, _catalogs, operation) => {
        const identity = child(operation, "package");
        const field = (name) => child(identity, name)?.text.trim();
        const requested = dropUndefined({
            name: field("name"),
            version: field("version"),
            release: field("release"),
            vendor: field("vendor"),
            packager: field("packager"),
        });
        const answer = state.startDownload(requested, child(operation, "aps-catalog-url")?.text.trim());
        return [
            "taskId" in answer
                ? (0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "ok"), (0, answer_xml_1.leaf)("task-id", answer.taskId))
                : errorResult(answer.errcode, answer.errtext),
        ];
    },
    "get-download-status": (state, _catalogs, operation) => {
        const requested = filterIds(operation, "task-id");
        if (requested.length === 0) {
            const tasks = state.currentTransaction();
            return tasks ? tasks.map((task) => taskResult(task, String(task.id), state)) : [(0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "ok"))];
        }
        return requested.map((written) => {
            const task = state.task(Number((0, result_matching_1.canonicalId)(written)));
            return task ? taskResult(task, written, state) : errorResult(1013, `Download task with id ${(0, result_matching_1.canonicalId)(written)} not found`, written);
        });
    },
    "get-packages-list": (state, catalogs, operation) => {
        if (child(operation, "all"))
            return [allPackagesResult(state, catalogs)];
        const requested = filterIds(operation, "package-id");
        if (requested.length === 0) {
            const packages = state.listPackages();
            // Plesk's one sample for an empty filter carries the first package's id as filter-id.
            const filterId = packages.length ? [(0, answer_xml_1.leaf)("filter-id", packages[0].id)] : [];
            return [(0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "ok"), ...filterId, ...packages.map(packageNode))];
        }
        return requested.map((written) => {
            const found = state.package(Number((0, result_matching_1.canonicalId)(written)));
            return found
                ? (0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "ok"), (0, answer_xml_1.leaf)("filter-id", written), packageNode(found))
                : errorResult(1013, "Package does not exist", written);
        });
    },
    "set-package-properties": (state, _catalogs, operation) => {
        const visible = child(child(operation, "properties"), "visible")?.text.trim();
        return filterIds(operation, "package-id").map((written) => {
            const found = state.package(Number((0, result_matching_1.canonicalId)(written)));
            if (!found)
                return errorResult(1013, "Package does not exist", written);
            if (visible !== undefined)
                found.isVisible = visible === "1" || visible === "true";
            return (0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "ok"), (0, answer_xml_1.leaf)("filter-id", written), (0, answer_xml_1.leaf)("id", found.id));
        });
    },
};
function taskResult(task, filterId, state) {
    return (0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "ok"), (0, answer_xml_1.leaf)("filter-id", filterId), (0, answer_xml_1.leaf)("id", task.id), (0, answer_xml_1.node)("task", (0, answer_xml_1.leaf)("id", task.id), taskState(task, state)));
}
function taskState(task, state) {
    if (task.state === "succeeded")
        return (0, answer_xml_1.node)("finished", (0, answer_xml_1.leaf)("package-id", task.packageId));
    if (task.state === "failed")
        return (0, answer_xml_1.node)("finished", (0, answer_xml_1.leaf)("error", task.error));
    // Windows reports 0/0 for as long as a download runs.
    const windows = state.platform === "windows";
    return (0, answer_xml_1.node)("in-progress", (0, answer_xml_1.leaf)("total", windows ? 0 : task.totalBytes), (0, answer_xml_1.leaf)("completed", windows ? 0 : Math.floor(task.completedBytes)), ...(task.state === "running" && !windows ? [(0, answer_xml_1.node)("current")] : []));
}
function packageNode(pkg) {
    const flag = (value) => (value ? "1" : "0");
    return (0, answer_xml_1.node)("package", (0, answer_xml_1.leaf)("name", pkg.name), (0, answer_xml_1.leaf)("version", pkg.version), (0, answer_xml_1.leaf)("release", pkg.release), (0, answer_xml_1.leaf)("vendor", pkg.vendor), (0, answer_xml_1.leaf)("packager", pkg.packager), (0, answer_xml_1.leaf)("is_uploaded", flag(pkg.isUploaded)), (0, answer_xml_1.leaf)("is_visible", flag(pkg.isVisible)), (0, answer_xml_1.leaf)("global_settings_not_set", flag(pkg.globalSettingsNotSet)), ...(pkg.id === undefined ? [] : [(0, answer_xml_1.leaf)("id", pkg.id)]));
}
/** `<all/>`: the server's packages, then every catalog package not on the server (no id). */
function allPackagesResult(state, catalogs) {
    const onServer = state.listPackages();
    const key = (p) => `${p.name}\u0000${p.version}\u0000${p.release}`;
    const present = new Set(onServer.map(key));
    const fromCatalogs = catalogs.catalogs.flatMap((catalog) => catalog.applications.flatMap((app) => app.packages
        .map((pkg) => ({ name: app.name, version: pkg.version, release: pkg.release, vendor: app.vendor, packager: app.packager }))
        .filter((pkg) => !present.has(key(pkg)))
        .map((pkg) => ({ ...pkg, isUploaded: false, isVisible: false, globalSettingsNotSet: app.needsGlobalSettings === true }))));
    return (0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "ok"), ...onServer.map(packageNode), ...fromCatalogs.map(packageNode));
}
function errorResult(errcode, errtext, filterId) {
    const filter = filterId === undefined ? [] : [(0, answer_xml_1.leaf)("filter-id", filterId)];
    return (0, answer_xml_1.node)("result", (0, answer_xml_1.leaf)("status", "error"), (0, answer_xml_1.leaf)("errcode", errcode), (0, answer_xml_1.leaf)("errtext", errtext), ...filter);
}
function child(element, name) {
    return element.children.find((c) => c.name === name);
}
function filterIds(operation, name) {
    return (child(operation, "filter")?.children ?? []).filter((c) => c.name === name).map((c) => c.text.trim());
}
function dropUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
//# sourceMappingURL=aps-answers.js.map