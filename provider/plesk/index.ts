export * from "./aps";
export { pleskClient, type PleskClient, type PleskRequest } from "./client";
export { AGENT_PATH, DEFAULT_LIMITS, normalisePleskUrl, pleskEndpoint } from "./endpoint";
export type { PleskAuth, PleskEndpoint, PleskEndpointInput, PleskLimits, PleskTls } from "./endpoint";
export * from "./errors";
export { closeAllConnections } from "../http/pools";
