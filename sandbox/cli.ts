#!/usr/bin/env node
import { parseArgs } from "node:util";
import { writeFileSync } from "node:fs";
import { GETAPP_MODES } from "./delivery-state";
import { formatLogEntry } from "./request-log";
import { APS_OPERATOR_SUPPORT, startSandbox, type Sandbox, type SandboxOptions } from "./start-sandbox";

const USAGE = `Usage: plesk-aps-sandbox [options]

A local server that answers like Plesk's XML API (extensions and APS operations) and GetApp's delivery API,
for programs and tests.

Options:
  --port N            port to listen on, 0-65535 (default 8443; 0 picks a free one)
  --host ADDRESS      address to listen on (default 127.0.0.1)
  --http              plain HTTP instead of HTTPS with a generated CA
  --state-dir DIR     keep the CA and the credentials here, so a restart keeps them
  --exports-file FILE write the provider's settings as shell exports to FILE (mode 600)
  --quiet             no log line per request
  --catalog FILE      JSON catalogs configuration (default: the demo catalog)
  --login NAME        login accepted (default admin)
  --password TEXT     password accepted (default: random, printed)
  --secret-key TEXT   also accept KEY header auth with this key
  --platform NAME     linux (one transaction, tasks in turn) or windows (0/0 progress)
  --aps-operator WHICH  which packet versions take <aps>: all (default), up-to-1.6.2.0
                      (as Plesk documents it, up to Onyx 17.5), or none
  --plesk-version V   the Plesk version <server><get><stat/> reports (default 18.0.61)
  --no-extension-operator  play a Plesk older than Onyx 17.0 (XML API below 1.6.8.0): no <extension>
  --install-seconds N simulated seconds one extension install takes (default 30)
  --aps-catalog-gone  play a current Obsidian: download-package from the default APS catalog fails (1023)
  --speed N           simulated seconds per real second, above 0 (default 1)
  --bandwidth BYTES   simulated download bytes per second, a whole number above 0 (default 10000000)
  --delivery-catalog FILE  JSON GetApp delivery catalog (default: the demo one)
  --device-auth TEXT  GetApp Device-Auth secret accepted (default: random, printed)
  --getapp-token TEXT GetApp bearer token accepted (default: random, printed)
  --getapp-mode MODE  cache (default: background preparation, progress, eviction) or
                      origin (GetApp's own default: done or error at once, no cache)
  --url-expiry SECONDS  how long pre-signed artifact URLs work, simulated (default 3600)
  --cache-expiration-hours H  evict done deliveries older than H hours and every error one at
                      each simulated midnight, as GetApp's nightly job (default: off)
  --help              show this text

Once listening, the last line of the banner is "ready " and a JSON object (url, caCertPath,
exportsFile, variables, pid) for scripts. SIGTERM or SIGINT stops it and removes its temporary files.
`;

/** A flag the user got wrong: printed as one line, with no stack trace. */
class FlagError extends Error {}

const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  http: { type: "boolean" },
  "state-dir": { type: "string" },
  "exports-file": { type: "string" },
  quiet: { type: "boolean" },
  catalog: { type: "string" },
  login: { type: "string" },
  password: { type: "string" },
  "secret-key": { type: "string" },
  platform: { type: "string" },
  "aps-operator": { type: "string" },
  "plesk-version": { type: "string" },
  "no-extension-operator": { type: "boolean" },
  "install-seconds": { type: "string" },
  "aps-catalog-gone": { type: "boolean" },
  speed: { type: "string" },
  bandwidth: { type: "string" },
  "delivery-catalog": { type: "string" },
  "device-auth": { type: "string" },
  "getapp-token": { type: "string" },
  "getapp-mode": { type: "string" },
  "url-expiry": { type: "string" },
  "cache-expiration-hours": { type: "string" },
  help: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof FLAGS }>>["values"];

function readFlags(): Values {
  try {
    return parseArgs({ options: FLAGS }).values;
  } catch (error) {
    // parseArgs says "Unknown option '--x'" and the like: kept, in this command's style.
    throw new FlagError(`${(error as Error).message.replace(/\.$/, "")}; see --help`);
  }
}

/** Every numeric flag is read here, with its range stated the same way in every message. */
function numberFlag(
  name: string,
  value: string | undefined,
  range: { min: number; above?: boolean; max?: number; whole?: boolean; unit: string },
) {
  if (value === undefined) return undefined;
  const parsed = value.trim() === "" ? Number.NaN : Number(value);
  const inRange =
    Number.isFinite(parsed) &&
    (range.above ? parsed > range.min : parsed >= range.min) &&
    (range.max === undefined || parsed <= range.max) &&
    (!range.whole || Number.isInteger(parsed));
  if (inRange) return parsed;
  const bounds =
    range.max !== undefined ? `from ${range.min} to ${range.max}` : range.above ? `above ${range.min}` : `of at least ${range.min}`;
  throw new FlagError(`--${name} must be ${range.whole ? "a whole number" : "a number"} ${bounds} (${range.unit}), got "${value}"`);
}

function oneOf<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new FlagError(`--${name} must be one of ${choices.join(", ")}, got "${value}"`);
}

function optionsFrom(values: Values, onRequest: SandboxOptions["onRequest"]): SandboxOptions {
  const speed = numberFlag("speed", values.speed, { min: 0, above: true, unit: "simulated seconds per real second" });
  const bandwidth = numberFlag("bandwidth", values.bandwidth, { min: 0, above: true, whole: true, unit: "bytes per second" });
  const urlExpiry = numberFlag("url-expiry", values["url-expiry"], { min: 0, above: true, whole: true, unit: "seconds" });
  const installSeconds = numberFlag("install-seconds", values["install-seconds"], { min: 0, unit: "simulated seconds" });
  const expirationHours = numberFlag("cache-expiration-hours", values["cache-expiration-hours"], { min: 0, above: true, unit: "hours" });
  return {
    port: numberFlag("port", values.port, { min: 0, max: 65535, whole: true, unit: "0 picks a free one" }) ?? 8443,
    platform: oneOf("platform", values.platform ?? "linux", ["linux", "windows"] as const),
    apsOperator: oneOf("aps-operator", values["aps-operator"] ?? "all", APS_OPERATOR_SUPPORT),
    ...(values["plesk-version"] ? { pleskVersion: values["plesk-version"] } : {}),
    ...(values["no-extension-operator"] ? { extensionOperator: false } : {}),
    ...(installSeconds !== undefined ? { extensionInstallSeconds: installSeconds } : {}),
    ...(values["aps-catalog-gone"] ? { apsCatalogGone: true } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(values.http ? { http: true } : {}),
    ...(values["state-dir"] ? { stateDirectory: values["state-dir"] } : {}),
    ...(values.catalog ? { catalogFile: values.catalog } : {}),
    ...(values.login ? { login: values.login } : {}),
    ...(values.password ? { password: values.password } : {}),
    ...(values["secret-key"] ? { secretKey: values["secret-key"] } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(bandwidth !== undefined ? { bandwidthBytesPerSecond: bandwidth } : {}),
    ...(values["delivery-catalog"] ? { deliveryCatalogFile: values["delivery-catalog"] } : {}),
    ...(values["device-auth"] ? { deviceAuth: values["device-auth"] } : {}),
    ...(values["getapp-token"] ? { getappToken: values["getapp-token"] } : {}),
    getappMode: oneOf("getapp-mode", values["getapp-mode"] ?? "cache", GETAPP_MODES),
    ...(urlExpiry !== undefined ? { deliveryUrlExpirySeconds: urlExpiry } : {}),
    ...(expirationHours !== undefined ? { deliveryCacheExpirationHours: expirationHours } : {}),
    ...(onRequest ? { onRequest } : {}),
  };
}

/** The provider's settings for this sandbox, by environment variable. */
function providerVariables(sandbox: Sandbox): Record<string, string> {
  const { login, password, deviceAuth } = sandbox.credentials;
  return {
    PLESK_URL: sandbox.url,
    PLESK_LOGIN: login,
    PLESK_PASSWORD: password,
    ...(sandbox.caCert ? { PLESK_CA_CERT: sandbox.caCert } : {}),
    GETAPP_URL: sandbox.url,
    GETAPP_DEVICE_AUTH: deviceAuth,
    ...(sandbox.caCert ? { GETAPP_CA_CERT: sandbox.caCert } : {}),
  };
}

/** `export NAME='value'` lines a shell can source; single quotes keep every character, newlines too. */
function shellExports(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'\n`)
    .join("");
}

async function main(): Promise<void> {
  const values = readFlags();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const sandbox = await startSandbox(optionsFrom(values, values.quiet ? undefined : (entry) => write(formatLogEntry(entry))));
  const variables = providerVariables(sandbox);
  const exportsFile = values["exports-file"];
  if (exportsFile) writeFileSync(exportsFile, shellExports(variables), { mode: 0o600 });
  const { login, password, secretKey, deviceAuth, token } = sandbox.credentials;
  const curlTrust = sandbox.caCertPath ? `--cacert ${sandbox.caCertPath} ` : "";
  const taskStatus = "<packet><aps><get-download-status><filter><task-id>18</task-id></filter></get-download-status></aps></packet>";
  const ready = {
    url: sandbox.url,
    caCertPath: sandbox.caCertPath ?? null,
    exportsFile: exportsFile ?? null,
    variables: Object.keys(variables),
    pid: process.pid,
  };
  process.stdout.write(
    [
      `Plesk APS sandbox listening on ${sandbox.url}`,
      `  agent      ${sandbox.agentUrl}`,
      `  login      ${login}`,
      `  password   ${password}`,
      `  secret key ${secretKey ?? "(not enabled; --secret-key to enable)"}`,
      `  CA cert    ${sandbox.caCertPath ?? "(plain HTTP)"}${values["state-dir"] ? " (kept across restarts)" : ""}`,
      `  stats      ${sandbox.statsUrl}`,
      `  catalogs   ${sandbox.catalogs.catalogs.map((c) => c.url).join(", ")}`,
      "",
      `GetApp delivery API on ${sandbox.url}/api/v1/delivery (also /api/v2), ${sandbox.deliveries.mode} mode`,
      `  Device-Auth  ${deviceAuth}`,
      `  bearer token ${token}`,
      `  items        ${sandbox.deliveryCatalog.items.map((item) => item.catalogId).join(", ")}`,
      "",
      "Try:",
      `  curl ${curlTrust}-H 'Content-Type: text/xml' -H 'HTTP_AUTH_LOGIN: ${login}' -H 'HTTP_AUTH_PASSWD: ${password}' \\`,
      `    --data '${taskStatus}' ${sandbox.agentUrl}`,
      "",
      "Provider settings:",
      ...(exportsFile ? [`  . ${exportsFile}`] : []),
      `  export PLESK_URL=${sandbox.url} PLESK_LOGIN=${login} PLESK_PASSWORD=${password}`,
      ...(sandbox.caCertPath ? [`  export PLESK_CA_CERT="$(cat ${sandbox.caCertPath})"`] : []),
      `  export GETAPP_URL=${sandbox.url} GETAPP_DEVICE_AUTH=${deviceAuth}`,
      ...(sandbox.caCertPath ? [`  export GETAPP_CA_CERT="$(cat ${sandbox.caCertPath})"`] : []),
      "",
      ...(values["state-dir"]
        ? [`${values["state-dir"]} holds this sandbox's CA key and passwords in plain text: keep it out of version control.`]
        : []),
      "Ctrl-C stops it.",
      `ready ${JSON.stringify(ready)}`,
      "",
    ].join("\n"),
  );

  const stop = (signal: NodeJS.Signals) => {
    write(`${signal}: stopping`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  process.stderr.write(`plesk-aps-sandbox: ${error.message}\n`);
  process.exit(error instanceof FlagError ? 2 : 1);
});
