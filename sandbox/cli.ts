#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startSandbox, type SandboxOptions } from "./start-sandbox";

const USAGE = `Usage: plesk-aps-sandbox [options]

A local server that answers like Plesk's XML API (APS operations) and GetApp's delivery API,
for programs and tests.

Options:
  --port N            port to listen on (default 8443; 0 picks a free one)
  --host ADDRESS      address to listen on (default 127.0.0.1)
  --http              plain HTTP instead of HTTPS with a generated CA
  --catalog FILE      JSON catalogs configuration (default: the demo catalog)
  --login NAME        login accepted (default admin)
  --password TEXT     password accepted (default: random, printed)
  --secret-key TEXT   also accept KEY header auth with this key
  --platform NAME     linux (one transaction, tasks in turn) or windows (0/0 progress)
  --speed N           simulated seconds per real second (default 1)
  --bandwidth BYTES   simulated download bytes per second (default 10000000)
  --delivery-catalog FILE  JSON GetApp delivery catalog (default: the demo one)
  --device-auth TEXT  GetApp Device-Auth secret accepted (default: random, printed)
  --getapp-token TEXT GetApp bearer token accepted (default: random, printed)
  --help              show this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      http: { type: "boolean" },
      catalog: { type: "string" },
      login: { type: "string" },
      password: { type: "string" },
      "secret-key": { type: "string" },
      platform: { type: "string" },
      speed: { type: "string" },
      bandwidth: { type: "string" },
      "delivery-catalog": { type: "string" },
      "device-auth": { type: "string" },
      "getapp-token": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const platform = values.platform ?? "linux";
  if (platform !== "linux" && platform !== "windows") throw new Error(`--platform must be linux or windows, got "${platform}"`);
  const options: SandboxOptions = {
    port: numberFlag("port", values.port) ?? 8443,
    platform,
    ...(values.host ? { host: values.host } : {}),
    ...(values.http ? { http: true } : {}),
    ...(values.catalog ? { catalogFile: values.catalog } : {}),
    ...(values.login ? { login: values.login } : {}),
    ...(values.password ? { password: values.password } : {}),
    ...(values["secret-key"] ? { secretKey: values["secret-key"] } : {}),
    ...(values.speed ? { speed: numberFlag("speed", values.speed) } : {}),
    ...(values.bandwidth ? { bandwidthBytesPerSecond: numberFlag("bandwidth", values.bandwidth) } : {}),
    ...(values["delivery-catalog"] ? { deliveryCatalogFile: values["delivery-catalog"] } : {}),
    ...(values["device-auth"] ? { deviceAuth: values["device-auth"] } : {}),
    ...(values["getapp-token"] ? { getappToken: values["getapp-token"] } : {}),
  };

  const sandbox = await startSandbox(options);
  const { login, password, secretKey, deviceAuth, token } = sandbox.credentials;
  const curlTrust = sandbox.caCertPath ? `--cacert ${sandbox.caCertPath} ` : "";
  const taskStatus = "<packet><aps><get-download-status><filter><task-id>18</task-id></filter></get-download-status></aps></packet>";
  process.stdout.write(
    [
      `Plesk APS sandbox listening on ${sandbox.url}`,
      `  agent      ${sandbox.agentUrl}`,
      `  login      ${login}`,
      `  password   ${password}`,
      `  secret key ${secretKey ?? "(not enabled; --secret-key to enable)"}`,
      `  CA cert    ${sandbox.caCertPath ?? "(plain HTTP)"}`,
      `  stats      ${sandbox.statsUrl}`,
      `  catalogs   ${sandbox.catalogs.catalogs.map((c) => c.url).join(", ")}`,
      "",
      `GetApp delivery API on ${sandbox.url}/api/v1/delivery (also /api/v2)`,
      `  Device-Auth  ${deviceAuth}`,
      `  bearer token ${token}`,
      `  items        ${sandbox.deliveryCatalog.items.map((item) => item.catalogId).join(", ")}`,
      "",
      "Try:",
      `  curl ${curlTrust}-H 'Content-Type: text/xml' -H 'HTTP_AUTH_LOGIN: ${login}' -H 'HTTP_AUTH_PASSWD: ${password}' \\`,
      `    --data '${taskStatus}' ${sandbox.agentUrl}`,
      "",
      "Provider settings:",
      `  export PLESK_URL=${sandbox.url} PLESK_LOGIN=${login} PLESK_PASSWORD=${password}`,
      ...(sandbox.caCertPath ? [`  export PLESK_CA_CERT="$(cat ${sandbox.caCertPath})"`] : []),
      `  export GETAPP_URL=${sandbox.url} GETAPP_DEVICE_AUTH=${deviceAuth}`,
      ...(sandbox.caCertPath ? [`  export GETAPP_CA_CERT="$(cat ${sandbox.caCertPath})"`] : []),
      "",
      "Ctrl-C stops it.",
      "",
    ].join("\n"),
  );

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
  return parsed;
}

main().catch((error: Error) => {
  process.stderr.write(`plesk-aps-sandbox: ${error.message}\n`);
  process.exit(1);
});
