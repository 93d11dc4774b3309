"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadCatalogFile = exports.checkCatalogConfiguration = exports.DEMO_CATALOG = exports.STATS_PATH = exports.startSandbox = void 0;
var start_sandbox_1 = require("./start-sandbox");
Object.defineProperty(exports, "startSandbox", { enumerable: true, get: function () { return start_sandbox_1.startSandbox; } });
Object.defineProperty(exports, "STATS_PATH", { enumerable: true, get: function () { return start_sandbox_1.STATS_PATH; } });
var catalog_1 = require("./catalog");
Object.defineProperty(exports, "DEMO_CATALOG", { enumerable: true, get: function () { return catalog_1.DEMO_CATALOG; } });
Object.defineProperty(exports, "checkCatalogConfiguration", { enumerable: true, get: function () { return catalog_1.checkCatalogConfiguration; } });
Object.defineProperty(exports, "loadCatalogFile", { enumerable: true, get: function () { return catalog_1.loadCatalogFile; } });
//# sourceMappingURL=index.js.map