import * as pulumi from "@pulumi/pulumi";
import { watchEngine } from "../basics/engine-watch";
import { providerCore, type ProviderCore } from "../core/provider-core";
import type { ProviderPackage, Values, Warned } from "../core/provider-package";
import type { Say } from "../resources/common/resource-lifecycle";
import { notImportable } from "../resources/common/resource-values";
import { withoutHostEcho } from "./host-echo";
import { withPendingProvider } from "./pending-provider";

/** What a provider object in the host holds once called: its core, with the connection `configure()` made. */
export interface ProviderState {
  core?: ProviderCore;
}

/**
 * What a stable entry module (provider/handlers/) exports: each provider method, with the
 * provider object, where `configure()` leaves the connection, as first argument. `check`
 * receives the program's inputs unchecked and returns them checked.
 */
export interface EntryModule {
  configure(provider: ProviderState, request: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(provider: ProviderState, olds: Values, news: Values): Promise<pulumi.dynamic.CheckResult<Values>>;
  diff(provider: ProviderState, id: string, olds: Values, news: Values): Promise<pulumi.dynamic.DiffResult>;
  create(provider: ProviderState, inputs: Values): Promise<pulumi.dynamic.CreateResult<Values>>;
  read(provider: ProviderState, id: string, props?: Values): Promise<pulumi.dynamic.ReadResult<Values>>;
  update(provider: ProviderState, id: string, olds: Values, news: Values): Promise<pulumi.dynamic.UpdateResult<Values>>;
  remove(provider: ProviderState, id: string, props: Values): Promise<void>;
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

/**
 * The seven functions of a stable entry module for resource `type` of `pkg`: the dynamic
 * provider's front door, a thin translation onto the provider core.
 */
export function entryModule<Connection extends Warned>(pkg: ProviderPackage<Connection>, type: string): EntryModule {
  const coreOf = (provider: ProviderState) => (provider.core ??= providerCore(pkg));
  return {
    async configure(provider, request) {
      endWithEngine();
      for (const warning of coreOf(provider).configure(request.config, process.env)) void pulumi.log.warn(warning);
    },
    async check(provider, _olds, news) {
      const { inputs, failures } = await coreOf(provider).check(type, news);
      return { inputs, failures: [...failures] };
    },
    async diff(provider, _id, olds, news) {
      return coreOf(provider).diff(type, olds, news, SAY_THROUGH_PULUMI);
    },
    async create(provider, inputs) {
      // The dynamic provider host passes on neither customTimeouts nor a cancel: the inputs bound it.
      return coreOf(provider)
        .create(type, inputs, SAY_THROUGH_PULUMI)
        .catch((error: unknown) => {
          throw withPendingProvider(error, inputs);
        });
    },
    async read(provider, id, props) {
      return withoutHostEcho(async () => {
        if (props === undefined) throw notImportable(type.slice(type.lastIndexOf(":") + 1));
        const { settling: _settling, ...result } = await coreOf(provider).read(type, id, props, SAY_THROUGH_PULUMI);
        return result;
      });
    },
    async update(provider, _id, olds, news) {
      const { outs } = await coreOf(provider)
        .update(type, olds, news, SAY_THROUGH_PULUMI)
        .catch((error: unknown) => {
          throw withPendingProvider(error, news);
        });
      return { outs };
    },
    async remove(provider, _id, props) {
      await withoutHostEcho(() => coreOf(provider).delete(type, props, SAY_THROUGH_PULUMI));
    },
  };
}
