import { beforeAbort } from "../../basics/deadline";
import { Limiter } from "../../basics/limiter";
import { pleskClient, type PleskClient } from "../../plesk/client";
import type { PleskEndpoint } from "../../plesk/endpoint";
import { PleskTransportError } from "../../plesk/errors";
import { listExtensions, type PleskExtension } from "../../plesk/extensions";

/** How long one `get` of every extension answers further reads: the reads of one refresh arrive within it. */
const LISTING_REUSE_MS = 2_000;
/** How long a check waits for a server's one answer before it fails the preview. */
const SERVER_CHECK_MS = 20_000;

/** What every Extension in this process shares for one endpoint. */
export interface ExtensionServices {
  /** `Plesk at https://host:8443`, `server web1 at https://…`: the server in messages. */
  readonly where: string;
  readonly client: PleskClient;
  /**
   * Every installed extension by id. One `get` answers every read that asks while it is on its
   * way or within two seconds of its answer: a refresh sends one packet per server.
   */
  installed(): Promise<ReadonlyMap<string, PleskExtension>>;
  /** Said after a change to the server: the next read asks it again. */
  changed(): void;
  /** Installs go to the server one at a time (our assumption: Plesk's installer is not built for parallel installs). */
  readonly installer: Limiter;
  /** Installs this process sent and has not seen end, by extension id: never sent twice. */
  readonly installing: Map<string, Promise<void>>;
  /** Who holds each extension in this deployment: `declared`, `installed`, `adopted`. */
  readonly claims: Map<string, string[]>;
  /**
   * Asks the server once for its extensions, so that a preview finds refused credentials, a
   * server without the extension operator, or one that does not answer.
   */
  readonly checkServer: () => Promise<void>;
}

/** On `globalThis`, keyed by the endpoint's whole identity, as the provider module may be serialized by value. */
const REGISTRY = "__pulumiPleskApsExtensionServices";

export function extensionServices(endpoint: PleskEndpoint): ExtensionServices {
  const holder = globalThis as { [REGISTRY]?: Map<string, ExtensionServices> };
  const registry = (holder[REGISTRY] ??= new Map());
  let services = registry.get(endpoint.identity);
  if (!services) {
    const client = pleskClient(endpoint);
    let listing: { readonly answer: Promise<ReadonlyMap<string, PleskExtension>>; answeredAt?: number } | undefined;
    let checked: Promise<void> | undefined;
    const installed = () => {
      const fresh = listing && (listing.answeredAt === undefined || Date.now() - listing.answeredAt < LISTING_REUSE_MS);
      if (listing && fresh) return listing.answer;
      const current: { answer: Promise<ReadonlyMap<string, PleskExtension>>; answeredAt?: number } = {
        answer: listExtensions(client).then((all) => new Map(all.map((extension) => [extension.id, extension]))),
      };
      listing = current;
      current.answer.then(
        () => (current.answeredAt = Date.now()),
        () => listing === current && (listing = undefined),
      );
      return current.answer;
    };
    services = {
      where: client.where,
      client,
      installed,
      changed: () => (listing = undefined),
      installer: new Limiter(1),
      installing: new Map(),
      claims: new Map(),
      checkServer: () =>
        (checked ??= beforeAbort(
          installed().then(() => undefined),
          AbortSignal.timeout(SERVER_CHECK_MS),
          () => new PleskTransportError("extension get", "timeout", `no answer from ${endpoint.origin} within ${SERVER_CHECK_MS / 1000} s`),
        )),
    };
    registry.set(endpoint.identity, services);
  }
  return services;
}
