import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENT_PATH } from "../provider/plesk/endpoint";
import { ApsServerState, type SandboxPlatform } from "./aps-state";
import { DEMO_CATALOG, loadCatalogFile, type CatalogConfiguration } from "./catalog";
import { createClock, type SandboxClock } from "./clock";
import { answerAgentRequest, type AgentCredentials } from "./plesk-agent";
import { emptyCounts, type RequestCounts } from "./request-stats";
import { createSandboxCertificate } from "./tls-certificate";
import { taskLog, type TaskLogEntry } from "./task-log";

export const STATS_PATH = "/__sandbox/stats";

export interface SandboxOptions {
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Defaults to 0: a free port. */
  readonly port?: number;
  /** Plain HTTP instead of HTTPS with a generated CA. */
  readonly http?: boolean;
  /** Defaults to `admin`. */
  readonly login?: string;
  /** Defaults to a random password, readable from the handle. */
  readonly password?: string;
  /** Enables `KEY` header auth with this key. */
  readonly secretKey?: string;
  /** Defaults to linux. */
  readonly platform?: SandboxPlatform;
  /** Simulated seconds per real second; defaults to 1. Ignored with `manualClock`. */
  readonly speed?: number;
  /** Time moves only through `clock.advance()`: for deterministic tests. */
  readonly manualClock?: boolean;
  /** Simulated download bandwidth; defaults to 10 MB/s. */
  readonly bandwidthBytesPerSecond?: number;
  /** The catalogs configuration; defaults to the demo catalog. */
  readonly catalogs?: CatalogConfiguration;
  /** A JSON catalogs configuration to load instead. */
  readonly catalogFile?: string;
  readonly firstTaskId?: number;
  readonly firstPackageId?: number;
  /** Where the CA's PEM is written; defaults to a new temporary directory, removed on close. */
  readonly certificateDirectory?: string;
  /** Requests above this size are refused with HTTP 413; defaults to 1 MiB. */
  readonly maxRequestBytes?: number;
  /**
   * Wall-clock time each packet costs the server, as a Plesk panel spends on every XML API
   * request; for benchmarks. Defaults to 0.
   */
  readonly requestLatencyMs?: number;
  /** How many packets the server works on at once (a panel's workers); the rest queue. Defaults to unlimited. */
  readonly maxConcurrentRequests?: number;
}

export interface Sandbox {
  /** `https://127.0.0.1:PORT`: what a provider is configured with. */
  readonly url: string;
  readonly agentUrl: string;
  /** JSON of request counts and the task log. */
  readonly statsUrl: string;
  /** PEM of the CA that signed the server certificate; absent over plain HTTP. */
  readonly caCert?: string;
  readonly caCertPath?: string;
  readonly credentials: Required<Pick<AgentCredentials, "login" | "password">> & Pick<AgentCredentials, "secretKey">;
  readonly clock: SandboxClock;
  /** Packages, tasks and fault knobs of the simulated server. */
  readonly aps: ApsServerState;
  readonly catalogs: CatalogConfiguration;
  /** A copy of the request counts since start or the last reset. */
  counts(): RequestCounts;
  resetCounts(): void;
  taskLog(): TaskLogEntry[];
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const catalogs = options.catalogFile ? loadCatalogFile(options.catalogFile) : (options.catalogs ?? DEMO_CATALOG);
  const clock = createClock(options.manualClock ? { kind: "manual" } : { kind: "running", speed: options.speed ?? 1 });
  const aps = new ApsServerState({
    clock,
    catalogs,
    platform: options.platform ?? "linux",
    bandwidthBytesPerSecond: options.bandwidthBytesPerSecond ?? 10_000_000,
    firstTaskId: options.firstTaskId ?? 1,
    firstPackageId: options.firstPackageId ?? 1,
  });
  const credentials = {
    login: options.login ?? "admin",
    password: options.password ?? randomBytes(12).toString("base64url"),
    ...(options.secretKey ? { secretKey: options.secretKey } : {}),
  };
  let counts = emptyCounts();
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const workers = serverWorkers(options.requestLatencyMs ?? 0, options.maxConcurrentRequests ?? Number.POSITIVE_INFINITY);

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    counts.httpRequests++;
    const path = new URL(request.url ?? "/", "http://sandbox").pathname;
    if (request.method === "POST" && path === AGENT_PATH) {
      readBody(request, maxRequestBytes).then(
        (body) =>
          workers.run(() => {
            const answer = answerAgentRequest({ state: aps, catalogs, credentials, counts }, request.headers, body);
            send(response, 200, "text/xml;charset=UTF-8", answer);
          }),
        () => send(response, 413, "text/plain", `request larger than ${maxRequestBytes} bytes\n`),
      );
      return;
    }
    if (request.method === "GET" && path === STATS_PATH) {
      send(response, 200, "application/json", JSON.stringify({ counts, tasks: taskLog(aps, clock) }, null, 2));
      return;
    }
    send(response, 404, "text/plain", `no such endpoint: ${request.method} ${path}\n`);
  };

  const certificate = options.http ? undefined : createSandboxCertificate();
  const server: Server = certificate
    ? createHttpsServer({ cert: certificate.serverCertChain, key: certificate.serverKey }, handle)
    : createHttpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });

  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `${certificate ? "https" : "http"}://${host}:${port}`;

  let caCertPath: string | undefined;
  let ownDirectory: string | undefined;
  if (certificate) {
    const directory = options.certificateDirectory ?? (ownDirectory = mkdtempSync(join(tmpdir(), "plesk-aps-sandbox-")));
    caCertPath = join(directory, "sandbox-ca.pem");
    writeFileSync(caCertPath, certificate.caCert);
  }

  return {
    url,
    agentUrl: url + AGENT_PATH,
    statsUrl: url + STATS_PATH,
    ...(certificate ? { caCert: certificate.caCert, caCertPath } : {}),
    credentials,
    clock,
    aps,
    catalogs,
    counts: () => structuredClone(counts),
    resetCounts: () => {
      counts = emptyCounts();
    },
    taskLog: () => taskLog(aps, clock),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (ownDirectory) rmSync(ownDirectory, { recursive: true, force: true });
    },
  };
}

/** Runs each answer after `latencyMs` of simulated work, at most `concurrency` at once. */
function serverWorkers(latencyMs: number, concurrency: number): { run(answer: () => void): void } {
  if (latencyMs <= 0) return { run: (answer) => answer() };
  const queue: (() => void)[] = [];
  let busy = 0;
  const next = () => {
    if (busy >= concurrency || queue.length === 0) return;
    const answer = queue.shift()!;
    busy++;
    setTimeout(() => {
      busy--;
      answer();
      next();
    }, latencyMs);
  };
  return {
    run(answer) {
      queue.push(answer);
      next();
    },
  };
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.resume();
        reject(new Error("too large"));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  response.end(body);
}
