import * as pulumi from "@pulumi/pulumi";
import { deadlineFor } from "../basics/deadline";
import { watchEngine } from "../basics/engine-watch";
import { DescribedError } from "../basics/errors";
import type { ResourceLifecycle, Say } from "../resources/common/resource-lifecycle";
import { notImportable, type CheckFailure } from "../resources/common/resource-values";
import { withoutHostEcho } from "./host-echo";
import { withPendingProvider } from "./pending-provider";

/** What `configure()` leaves on a provider object in the host; never present where it is serialized. */
export interface ProviderState<Connection> {
  connection?: { readonly ok: Connection } | { readonly error: Error };
}

/**
 * What a stable entry module (provider/handlers/) exports: each provider method, with the
 * provider object, where `configure()` leaves the connection, as first argument. `check`
 * receives the program's inputs unchecked and returns them checked.
 */
export interface EntryModule<Connection, Inputs, Outputs> {
  configure(provider: ProviderState<Connection>, request: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(provider: ProviderState<Connection>, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult<Inputs>>;
  diff(provider: ProviderState<Connection>, id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult>;
  create(provider: ProviderState<Connection>, inputs: Inputs): Promise<pulumi.dynamic.CreateResult<Outputs>>;
  read(provider: ProviderState<Connection>, id: string, props?: Outputs): Promise<pulumi.dynamic.ReadResult<Outputs>>;
  update(provider: ProviderState<Connection>, id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult<Outputs>>;
  remove(provider: ProviderState<Connection>, id: string, props: Outputs): Promise<void>;
}

/** Set once the provider host watches its engine; on `globalThis`, as the module may be serialized by value. */
const WATCHING = "__pulumiPleskApsWatchingEngine";

/**
 * Pulumi's dynamic-provider host is started as `dynamic-provider <engine address>`; once that
 * engine is gone (a killed `pulumi`), the host ends, and with it every wait of ours.
 */
function endWithEngine(): void {
  const holder = globalThis as { [WATCHING]?: true };
  const address = process.argv[2];
  if (holder[WATCHING] || address === undefined) return;
  holder[WATCHING] = true;
  watchEngine(address, () => process.exit(1));
}

const SAY_THROUGH_PULUMI: Say = {
  say: (line) => void pulumi.log.info(line),
  warn: (line) => void pulumi.log.warn(line),
};

/** The seven functions of a stable entry module, made alike for every resource. */
export function entryModule<Connection extends { readonly warnings: readonly string[] }, Context, Inputs, Outputs>(
  lifecycle: ResourceLifecycle<Connection, Context, Inputs, Outputs>,
): EntryModule<Connection, Inputs, Outputs> {
  const context = (provider: ProviderState<Connection>, resource: Inputs | Outputs): Context => {
    const connection = provider.connection;
    if (connection === undefined) {
      throw new DescribedError(
        "RESOURCE_UNCONFIGURED",
        "the provider was not configured: the Pulumi engine calls Configure before any resource call",
      );
    }
    if ("error" in connection) throw connection.error;
    return lifecycle.context(connection.ok, SAY_THROUGH_PULUMI, resource);
  };
  return {
    async configure(provider, request) {
      endWithEngine();
      try {
        const connection = lifecycle.connect(request.config, process.env);
        provider.connection = { ok: connection };
        for (const warning of connection.warnings) void pulumi.log.warn(warning);
      } catch (error) {
        // Kept, not thrown: the host caches this provider even when configure fails.
        provider.connection = { error: error as Error };
      }
    },
    async check(provider, _olds, news) {
      // A preview with unusable settings fails here, in one line naming the setting and the fix.
      const unusable = settingsFailure(provider.connection);
      if (unusable) return { inputs: news, failures: [unusable] };
      const checked = lifecycle.checkInputs(news);
      const connection = provider.connection;
      if (checked.failures.length > 0 || connection === undefined || !("ok" in connection)) return checked;
      const problem =
        lifecycle.connectionProblem?.(connection.ok, checked.inputs) ?? (await lifecycle.serverProblem?.(connection.ok, checked.inputs));
      return problem ? { inputs: checked.inputs, failures: [problem] } : checked;
    },
    async diff(provider, _id, olds, news) {
      const result = lifecycle.diff(olds, news);
      if (lifecycle.holds && (result.replaces ?? []).length === 0) {
        let ctx: Context | undefined;
        try {
          ctx = context(provider, olds);
        } catch {
          // Unusable settings fail the resource's check, with the fix; a diff only has nothing to note.
        }
        if (ctx !== undefined) lifecycle.holds(ctx, olds);
      }
      return result;
    },
    async create(provider, inputs) {
      // The dynamic provider host passes on neither customTimeouts nor a cancel: the inputs bound it.
      const ctx = context(provider, inputs);
      return lifecycle.create(ctx, inputs, deadlineFor(lifecycle.timeLimit(inputs))).catch((error: unknown) => {
        throw withPendingProvider(error, inputs);
      });
    },
    async read(provider, id, props) {
      return withoutHostEcho(async () => {
        if (props === undefined) throw notImportable(lifecycle.resource);
        return lifecycle.read(context(provider, props), id, props);
      });
    },
    async update(provider, _id, olds, news) {
      const ctx = context(provider, olds);
      const outs = await lifecycle.update(ctx, olds, news, deadlineFor(lifecycle.timeLimit(news))).catch((error: unknown) => {
        throw withPendingProvider(error, news);
      });
      return { outs };
    },
    async remove(provider, _id, props) {
      await withoutHostEcho(() => lifecycle.remove(context(provider, props), props));
    },
  };
}

/**
 * Unusable connection settings as a failure of the whole resource (no property), which the
 * engine prints as one line: "TYPE resource 'NAME' has a problem: REASON". Thrown instead, the
 * error would reach the user with the provider host's stack trace.
 */
function settingsFailure(connection: ProviderState<unknown>["connection"]): CheckFailure | undefined {
  return connection !== undefined && "error" in connection ? { property: "", reason: connection.error.message } : undefined;
}
