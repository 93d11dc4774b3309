"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.highestVersion = exports.comparePackageVersions = exports.compareVersions = void 0;
__exportStar(require("./plesk"), exports);
var version_order_1 = require("./aps/version-order");
Object.defineProperty(exports, "compareVersions", { enumerable: true, get: function () { return version_order_1.compareVersions; } });
Object.defineProperty(exports, "comparePackageVersions", { enumerable: true, get: function () { return version_order_1.comparePackageVersions; } });
Object.defineProperty(exports, "highestVersion", { enumerable: true, get: function () { return version_order_1.highestVersion; } });
//# sourceMappingURL=index.js.map