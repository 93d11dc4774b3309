"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEMO_CATALOG = void 0;
exports.loadCatalogFile = loadCatalogFile;
exports.checkCatalogConfiguration = checkCatalogConfiguration;
const node_fs_1 = require("node:fs");
const demo_catalog_json_1 = __importDefault(require("./demo-catalog.json"));
exports.DEMO_CATALOG = checkCatalogConfiguration(demo_catalog_json_1.default, "the demo catalog");
function loadCatalogFile(path) {
    let parsed;
    try {
        parsed = JSON.parse((0, node_fs_1.readFileSync)(path, "utf8"));
    }
    catch (cause) {
        throw new Error(`catalog file ${path}: ${cause.message}`, { cause });
    }
    return checkCatalogConfiguration(parsed, `catalog file ${path}`);
}
/** Checks a catalogs configuration read from JSON, naming the first bad field. */
function checkCatalogConfiguration(value, source) {
    const fail = (where, expected) => {
        throw new Error(`${source}: ${where} must be ${expected}`);
    };
    const record = (item, where) => typeof item === "object" && item !== null && !Array.isArray(item) ? item : fail(where, "an object");
    const list = (item, where) => (Array.isArray(item) ? item : fail(where, "a list"));
    const text = (item, where) => (typeof item === "string" && item.trim() !== "" ? item : fail(where, "a non-empty string"));
    const catalogs = list(record(value, "the top level").catalogs, "catalogs");
    if (catalogs.length === 0)
        fail("catalogs", "a non-empty list");
    catalogs.forEach((catalogValue, c) => {
        const catalog = record(catalogValue, `catalogs[${c}]`);
        text(catalog.url, `catalogs[${c}].url`);
        if (catalog.resolvable !== undefined && typeof catalog.resolvable !== "boolean")
            fail(`catalogs[${c}].resolvable`, "true or false");
        list(catalog.applications, `catalogs[${c}].applications`).forEach((appValue, a) => {
            const where = `catalogs[${c}].applications[${a}]`;
            const app = record(appValue, where);
            ["name", "vendor", "packager"].forEach((field) => text(app[field], `${where}.${field}`));
            list(app.packages, `${where}.packages`).forEach((pkgValue, p) => {
                const pkg = record(pkgValue, `${where}.packages[${p}]`);
                text(pkg.version, `${where}.packages[${p}].version`);
                text(pkg.release, `${where}.packages[${p}].release`);
                const size = pkg.sizeBytes;
                if (typeof size !== "number" || !Number.isSafeInteger(size) || size <= 0)
                    fail(`${where}.packages[${p}].sizeBytes`, "a positive whole number");
            });
        });
    });
    return value;
}
//# sourceMappingURL=catalog.js.map