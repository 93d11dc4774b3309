import { STAT_REQUEST } from "../../plesk/server-version";
import { pleskClient, type PleskClient } from "../../plesk/client";
import type { PleskEndpoint } from "../../plesk/endpoint";
import { DownloadWatcher } from "./download-watcher";
import { DEFAULT_READ_WINDOW, PackageReads, readActivityFor } from "./package-reads";
import type { ReadActivity } from "./read-activity";
import { ServerDownloads } from "./server-downloads";
import type { ApsServerPackage } from "../../plesk/aps";

/** How long a check waits for a server's one answer before it fails the preview. */
const SERVER_CHECK_MS = 20_000;

/** How a create came by its package: a download it started, or one that was already on its way. */
export type Acquisition =
  | { readonly kind: "started"; readonly taskId: string }
  | { readonly kind: "found"; readonly live: ApsServerPackage; readonly byTask?: string | undefined };

/** What every ApsPackage in this process shares for one endpoint. */
export interface PackageServices {
  /** The server's https://host:port, for messages. */
  readonly origin: string;
  readonly client: PleskClient;
  readonly watcher: DownloadWatcher;
  readonly reads: PackageReads;
  /**
   * Who took each package in this process: `task:ID` for a download, `adopted` for an adoption.
   * A replacement may land on the very package its predecessor held; deleting the predecessor
   * must then not hide it.
   */
  readonly claims: Map<string, string[]>;
  /**
   * Acquisitions by what was asked, running or succeeded: identical requests of one run share
   * one. A failed one is dropped, so the next request tries again.
   */
  readonly acquisitions: Map<string, Promise<Acquisition>>;
  /** What the server is downloading; starts downloads, few packets at a time. */
  readonly serverDownloads: ServerDownloads;
  /** Who hears what the client says once per server: the latest resource of this server to ask. */
  readonly notices: { to?: ((line: string) => void) | undefined };
  /**
   * Asks the server once for its statistics (`<server><get><stat/>`, the cheapest packet that
   * needs the credentials), so that a preview finds refused credentials, a server that does not
   * answer or a certificate that does not verify; every later call shares that one answer.
   */
  readonly checkServer: () => Promise<void>;
}

/**
 * Kept on `globalThis`, keyed by the endpoint's whole identity (URL, credentials, trust): two
 * server entries on one URL with other logins never share a client, a watcher or a batch. On
 * `globalThis` because the provider module may be serialized by value, and a module-level map
 * would then be a separate copy in every serialized function.
 */
const REGISTRY = "__pulumiPleskApsEndpoints";
/** The reads by id of every endpoint: a refresh's burst is counted over all of them. */
const ACTIVITY = "__pulumiPleskApsReadActivity";

/**
 * `notice`, given by a resource of this server, hears what the client says once per server (an
 * older packet version it fell back to); without it, the services are only made known.
 */
export function packageServices(endpoint: PleskEndpoint, notice?: (line: string) => void): PackageServices {
  const holder = globalThis as { [REGISTRY]?: Map<string, PackageServices>; [ACTIVITY]?: ReadActivity };
  const registry = (holder[REGISTRY] ??= new Map());
  const activity = (holder[ACTIVITY] ??= readActivityFor(DEFAULT_READ_WINDOW));
  let services = registry.get(endpoint.identity);
  if (!services) {
    const notices: PackageServices["notices"] = {};
    const client = pleskClient(endpoint, { notice: (line) => notices.to?.(line) });
    let checked: Promise<void> | undefined;
    services = {
      origin: endpoint.origin,
      client,
      watcher: new DownloadWatcher(client),
      reads: new PackageReads(client, DEFAULT_READ_WINDOW, activity),
      claims: new Map(),
      acquisitions: new Map(),
      serverDownloads: new ServerDownloads(client, endpoint.origin),
      notices,
      checkServer: () =>
        (checked ??= client.send({ ...STAT_REQUEST, resend: "safe", signal: AbortSignal.timeout(SERVER_CHECK_MS) }).then(() => undefined)),
    };
    registry.set(endpoint.identity, services);
  }
  if (notice) services.notices.to = notice;
  return services;
}
