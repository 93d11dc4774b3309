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
exports.closeAllConnections = exports.pleskEndpoint = exports.normalisePleskUrl = exports.DEFAULT_LIMITS = exports.AGENT_PATH = exports.pleskClient = void 0;
__exportStar(require("./aps"), exports);
var client_1 = require("./client");
Object.defineProperty(exports, "pleskClient", { enumerable: true, get: function () { return client_1.pleskClient; } });
var endpoint_1 = require("./endpoint");
Object.defineProperty(exports, "AGENT_PATH", { enumerable: true, get: function () { return endpoint_1.AGENT_PATH; } });
Object.defineProperty(exports, "DEFAULT_LIMITS", { enumerable: true, get: function () { return endpoint_1.DEFAULT_LIMITS; } });
Object.defineProperty(exports, "normalisePleskUrl", { enumerable: true, get: function () { return endpoint_1.normalisePleskUrl; } });
Object.defineProperty(exports, "pleskEndpoint", { enumerable: true, get: function () { return endpoint_1.pleskEndpoint; } });
__exportStar(require("./errors"), exports);
var transport_1 = require("./transport");
Object.defineProperty(exports, "closeAllConnections", { enumerable: true, get: function () { return transport_1.closeAllConnections; } });
//# sourceMappingURL=index.js.map