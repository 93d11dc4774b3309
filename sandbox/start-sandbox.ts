import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApsServerState, type SandboxPlatform } from "./aps-state";
import { DEMO_CATALOG, loadCatalogFile, type CatalogConfiguration } from "./catalog";
import { createClock, type SandboxClock } from "./clock";
import { DEMO_DELIVERY_CATALOG, loadDeliveryCatalogFile, type DeliveryCatalog } from "./delivery-catalog";
import { DeliveryServerState, type GetAppMode } from "./delivery-state";
import { DEMO_EXTENSIONS, ExtensionServerState, type CatalogExtension } from "./extension-state";
import { answerGetAppRequest, isGetAppPath, type GetAppCredentials } from "./getapp-api";
import { answerSafely, parseTarget, readBody, refuseBody, send } from "./http-io";
import { answerAgentRequest, KNOWN_PROTOCOL_VERSIONS, type AgentAnswer, type AgentCredentials } from "./plesk-agent";
import { emptyCounts, type RequestCounts } from "./request-stats";
import { requestLog, type RequestLogEntry } from "./request-log";
import { keepState, keptCaCertPath, readKeptState } from "./state-directory";
import { createSandboxCertificate } from "./tls-certificate";
import { taskLog, type TaskLogEntry } from "./task-log";

export const STATS_PATH = "/__sandbox/stats";
/** `DELETE /__sandbox/packages/ID`: removes a package behind the client's back. */
const DRIFT_PATH = /^\/__sandbox\/packages\/(\d+)$/;
/** `DELETE /__sandbox/extensions/ID` uninstalls behind the client's back; `POST …/ID/update` plays Plesk's own update. */
const EXTENSION_PATH = /^\/__sandbox\/extensions\/([A-Za-z0-9_.-]+)(\/update)?$/;
/** Where Plesk serves its XML API. */
export const AGENT_PATH = "/enterprise/control/agent.php";

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
  /**
   * Which packet versions take the `aps` operator, as a Plesk of another release would:
   * `"all"` (the default), `"up-to-1.6.2.0"` (the newest version Plesk documents it for, Onyx
   * 17.5; a newer packet is refused with 1014 naming `aps`), or `"none"` (no version has it).
   */
  readonly apsOperator?: ApsOperatorSupport;
  /** The Plesk version `<server><get><stat/>` reports; defaults to 18.0.61. */
  readonly pleskVersion?: string;
  /**
   * False plays a Plesk older than Onyx 17.0 (XML API below 1.6.8.0): a packet holding
   * `<extension>` is refused with 1014. Defaults to true.
   */
  readonly extensionOperator?: boolean;
  /** The Extensions Catalog installs come from; defaults to a few real extensions (WP Toolkit, Let's Encrypt, …). */
  readonly extensionCatalog?: readonly CatalogExtension[];
  /** Extensions installed when the sandbox starts, by id; defaults to `letsencrypt`, as Plesk Obsidian ships. */
  readonly installedExtensions?: readonly string[];
  /** Simulated seconds one extension install takes (the answer comes when it ends); defaults to 30. */
  readonly extensionInstallSeconds?: number;
  /**
   * Plays a current Plesk Obsidian, whose default APS catalog is gone: `download-package` from it
   * is refused with 1023, as for a catalog host that does not resolve.
   */
  readonly apsCatalogGone?: boolean;
  /** Further logins the Plesk API accepts besides `login`, each with its password. */
  readonly accounts?: readonly { readonly login: string; readonly password: string }[];
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
  /**
   * Further server time for each package a `get-packages-list` answer describes, as a panel
   * builds every package's record: a list of a few thousand costs far more than a read by id.
   * Defaults to 0.
   */
  readonly listedPackageMs?: number;
  /** GetApp's delivery catalog; defaults to the demo one. */
  readonly deliveryCatalog?: DeliveryCatalog;
  /** A JSON delivery catalog to load instead. */
  readonly deliveryCatalogFile?: string;
  /** GetApp `Device-Auth` secret accepted; defaults to a random one, readable from the handle. */
  readonly deviceAuth?: string;
  /** GetApp bearer token accepted; defaults to a random one, readable from the handle. */
  readonly getappToken?: string;
  /** Simulated bytes per second GetApp prepares each artifact at; defaults to 10 MB/s. */
  readonly deliveryBandwidthBytesPerSecond?: number;
  /** GetApp preparations at once; later ones stay in `start`. Defaults to unlimited. */
  readonly maxConcurrentPreparations?: number;
  /**
   * How GetApp's delivery service runs: `cache` (the default here: background preparation,
   * progress, eviction) or `origin` (GetApp's own default: `done` or `error` at once, no cache).
   */
  readonly getappMode?: GetAppMode;
  /** How long GetApp's pre-signed artifact URLs work, in simulated seconds; defaults to 3600. */
  readonly deliveryUrlExpirySeconds?: number;
  /**
   * Plays GetApp's nightly expiry at every simulated midnight: `done` deliveries older than this
   * many hours and every `error` one are evicted. Off unless set (GetApp's default is 168).
   */
  readonly deliveryCacheExpirationHours?: number;
  /**
   * Keeps what a restart should keep: the CA (so a `caCert` set in a stack stays valid) and the
   * credentials not given as options (so stored secrets keep working). Created if missing. The
   * simulated server's packages and tasks are not kept.
   */
  readonly stateDirectory?: string;
  /** Called once per request, when it has been answered. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
}

export const APS_OPERATOR_SUPPORT = ["all", "up-to-1.6.2.0", "none"] as const;
export type ApsOperatorSupport = (typeof APS_OPERATOR_SUPPORT)[number];

/** The newest packet version that takes `aps`, as the agent reads it; undefined: every one. */
const APS_UP_TO: Readonly<Record<ApsOperatorSupport, string | null | undefined>> = {
  all: undefined,
  "up-to-1.6.2.0": "1.6.2.0",
  none: null,
};

export interface Sandbox {
  /** `https://127.0.0.1:PORT`: what a provider is configured with. */
  readonly url: string;
  readonly agentUrl: string;
  /** JSON of request counts and the task log. */
  readonly statsUrl: string;
  /** PEM of the CA that signed the server certificate; absent over plain HTTP. */
  readonly caCert?: string;
  readonly caCertPath?: string;
  readonly credentials: Required<Pick<AgentCredentials, "login" | "password">> & Pick<AgentCredentials, "secretKey"> & GetAppCredentials;
  readonly clock: SandboxClock;
  /** Packages, tasks and fault knobs of the simulated server. */
  readonly aps: ApsServerState;
  /** GetApp's prepared deliveries and their fault knobs. */
  readonly deliveries: DeliveryServerState;
  /** The panel's extensions, their install log and fault knobs; absent without the `extension` operator. */
  readonly extensions?: ExtensionServerState;
  readonly deliveryCatalog: DeliveryCatalog;
  readonly catalogs: CatalogConfiguration;
  /** A copy of the request counts since start or the last reset. */
  counts(): RequestCounts;
  resetCounts(): void;
  taskLog(): TaskLogEntry[];
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const configured = options.catalogFile ? loadCatalogFile(options.catalogFile) : (options.catalogs ?? DEMO_CATALOG);
  const catalogs = options.apsCatalogGone ? withDefaultCatalogGone(configured) : configured;
  const clock = createClock(options.manualClock ? { kind: "manual" } : { kind: "running", speed: options.speed ?? 1 });
  const aps = new ApsServerState({
    clock,
    catalogs,
    platform: options.platform ?? "linux",
    bandwidthBytesPerSecond: options.bandwidthBytesPerSecond ?? 10_000_000,
    firstTaskId: options.firstTaskId ?? 1,
    firstPackageId: options.firstPackageId ?? 1,
  });
  const deliveryCatalog = options.deliveryCatalogFile
    ? loadDeliveryCatalogFile(options.deliveryCatalogFile)
    : (options.deliveryCatalog ?? DEMO_DELIVERY_CATALOG);
  const deliveries = new DeliveryServerState({
    clock,
    catalog: deliveryCatalog,
    bandwidthBytesPerSecond: options.deliveryBandwidthBytesPerSecond ?? 10_000_000,
    maxConcurrentPreparations: options.maxConcurrentPreparations ?? Number.POSITIVE_INFINITY,
    mode: options.getappMode ?? "cache",
    urlExpirySeconds: options.deliveryUrlExpirySeconds ?? 3600,
    ...(options.deliveryCacheExpirationHours === undefined ? {} : { cacheExpirationHours: options.deliveryCacheExpirationHours }),
  });
  const extensions =
    options.extensionOperator === false
      ? undefined
      : installedAtStart(
          new ExtensionServerState(clock, options.extensionCatalog ?? DEMO_EXTENSIONS, options.extensionInstallSeconds ?? 30),
          options.installedExtensions ?? ["letsencrypt"],
        );
  const kept = options.stateDirectory ? readKeptState(options.stateDirectory) : {};
  const credentials = {
    login: options.login ?? kept.credentials?.login ?? "admin",
    password: options.password ?? kept.credentials?.password ?? randomBytes(12).toString("base64url"),
    ...(options.secretKey ? { secretKey: options.secretKey } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
    deviceAuth: options.deviceAuth ?? kept.credentials?.deviceAuth ?? randomBytes(12).toString("base64url"),
    token: options.getappToken ?? kept.credentials?.token ?? randomBytes(24).toString("base64url"),
  };
  const log = requestLog(options.onRequest ?? (() => undefined));
  let counts = emptyCounts();
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const workers = serverWorkers(options.requestLatencyMs ?? 0, options.maxConcurrentRequests ?? Number.POSITIVE_INFINITY);
  const listedPackageMs = options.listedPackageMs ?? 0;

  const pleskServer = {
    serverName: "sandbox.plesk.test",
    pleskVersion: options.pleskVersion ?? "18.0.61",
    protocolVersions: extensions ? KNOWN_PROTOCOL_VERSIONS : KNOWN_PROTOCOL_VERSIONS.filter((version) => version < "1.6.8.0"),
  };
  const apsUpTo = APS_UP_TO[options.apsOperator ?? "all"];

  let url = "";
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    counts.httpRequests++;
    if (options.onRequest) log.watch(request, response);
    answerSafely(response, () => route(request, response));
  };
  const route = (request: IncomingMessage, response: ServerResponse) => {
    const requestUrl = parseTarget(request.url);
    const path = requestUrl.pathname;
    if (isGetAppPath(path)) {
      const getapp = {
        deliveries,
        credentials,
        counts,
        maxRequestBytes,
        origin: () => url,
        work: (answer: () => void) => workers.run(() => ({ holdMs: 0, finish: () => answerSafely(response, answer) })),
        note: (asked: string, outcome: string) => log.note(response, asked, outcome),
      };
      answerGetAppRequest(getapp, request, response, requestUrl);
      return;
    }
    if (request.method === "POST" && path === AGENT_PATH) {
      readBody(request, maxRequestBytes).then(
        (body) =>
          workers.run(() => {
            let answer: AgentAnswer | undefined;
            answerSafely(response, () => {
              const agent = {
                state: aps,
                catalogs,
                credentials,
                counts,
                apsUpTo,
                server: pleskServer,
                ...(extensions ? { extensions } : {}),
              };
              answer = answerAgentRequest(agent, request.headers, body);
            });
            const sendAnswer = () =>
              answerSafely(response, () => {
                if (!answer) return;
                log.note(response, answer.asked, answer.outcome);
                counts.answerBytes += Buffer.byteLength(answer.text);
                send(response, 200, "text/xml;charset=UTF-8", answer.text);
              });
            // An install answers when it has ended, without holding a worker: the panel answers other packets meanwhile.
            const finish = () => (answer?.readyAt === undefined ? sendAnswer() : void clock.reached(answer.readyAt).then(sendAnswer));
            return { holdMs: listedPackageMs * (answer?.packagesListed ?? 0), finish };
          }),
        (error) => refuseBody(response, error, () => send(response, 413, "text/plain", `request larger than ${maxRequestBytes} bytes\n`)),
      );
      return;
    }
    request.resume();
    const drifted = DRIFT_PATH.exec(path);
    if (drifted) {
      // Drift made on the server, for scripts that rehearse a drift check: the package is gone.
      const id = Number(drifted[1]);
      const removed = request.method === "DELETE" && aps.removePackage(id);
      log.note(response, `remove package ${id}`, removed ? "removed" : "not found");
      if (request.method !== "DELETE") send(response, 405, "text/plain", "DELETE removes the package, as drift made on the server\n");
      else send(response, removed ? 200 : 404, "text/plain", removed ? `package ${id} removed\n` : `no package ${id}\n`);
      return;
    }
    const extension = EXTENSION_PATH.exec(path);
    if (extension) {
      answerExtensionDrift(response, request.method ?? "", extension[1]!, extension[2] !== undefined);
      return;
    }
    if (request.method === "GET" && path === STATS_PATH) {
      const installs = extensions?.installLog() ?? [];
      send(response, 200, "application/json", JSON.stringify({ counts, tasks: taskLog(aps, clock), installs }, null, 2));
      return;
    }
    send(response, 404, "text/plain", `no such endpoint: ${request.method} ${path}\n`);
  };
  /** What Plesk does to an extension by itself: an update (POST …/update), or an uninstall behind Pulumi's back (DELETE). */
  const answerExtensionDrift = (response: ServerResponse, method: string, id: string, update: boolean) => {
    if (!extensions) return send(response, 404, "text/plain", "this Plesk has no extension operator\n");
    if (update ? method !== "POST" : method !== "DELETE")
      return send(response, 405, "text/plain", update ? "POST updates the extension\n" : "DELETE uninstalls the extension\n");
    const updated = update ? extensions.updateByPlesk(id) : undefined;
    const done = update ? updated !== undefined : extensions.uninstall(id);
    log.note(response, `${update ? "update" : "uninstall"} extension ${id}`, done ? "done" : "not installed");
    send(
      response,
      done ? 200 : 404,
      "text/plain",
      done ? `${id} ${update ? `updated to ${updated!.version}-${updated!.release}` : "uninstalled"}\n` : `${id} is not installed\n`,
    );
  };

  const certificate = options.http ? undefined : createSandboxCertificate(undefined, undefined, kept.authority);
  if (options.stateDirectory) keepState(options.stateDirectory, certificate, credentials);
  const server: Server = certificate
    ? createHttpsServer({ cert: certificate.serverCertChain, key: certificate.serverKey }, handle)
    : createHttpServer(handle);
  // A client that trickles its request is cut off after a minute instead of holding a socket.
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });

  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  url = `${certificate ? "https" : "http"}://${host}:${port}`;

  let caCertPath: string | undefined;
  let ownDirectory: string | undefined;
  if (certificate && options.stateDirectory && !options.certificateDirectory) {
    caCertPath = keptCaCertPath(options.stateDirectory);
  } else if (certificate) {
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
    deliveries,
    deliveryCatalog,
    ...(extensions ? { extensions } : {}),
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

/** The same configuration with its first (default) catalog's host no longer resolving. */
function withDefaultCatalogGone(configuration: CatalogConfiguration): CatalogConfiguration {
  const [first, ...rest] = configuration.catalogs;
  return first ? { catalogs: [{ ...first, resolvable: false }, ...rest] } : configuration;
}

function installedAtStart(state: ExtensionServerState, ids: readonly string[]): ExtensionServerState {
  for (const id of ids) {
    const extension = state.catalog.find((candidate) => candidate.id === id);
    if (!extension) throw new Error(`installedExtensions: ${id} is not in the extension catalog`);
    state.installed.set(id, { ...extension, active: true });
  }
  return state;
}

/** Runs each answer after `latencyMs` of simulated work, at most `concurrency` at once. */
/** A packet's work: the answer is made after the packet's latency, then holds the worker `holdMs` more before it is sent. */
interface PacketWork {
  readonly holdMs: number;
  readonly finish: () => void;
}

function serverWorkers(latencyMs: number, concurrency: number): { run(start: () => PacketWork): void } {
  const queue: (() => PacketWork)[] = [];
  let busy = 0;
  const after = (ms: number, then: () => void) => (ms > 0 ? setTimeout(then, ms) : then());
  const next = () => {
    if (busy >= concurrency || queue.length === 0) return;
    const start = queue.shift()!;
    busy++;
    after(latencyMs, () => {
      const work = start();
      after(work.holdMs, () => {
        busy--;
        work.finish();
        next();
      });
    });
  };
  return {
    run(start) {
      queue.push(start);
      next();
    },
  };
}
