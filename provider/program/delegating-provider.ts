import type * as pulumi from "@pulumi/pulumi";
import type { ProviderState } from "../resources/common/resource-values";

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

/**
 * The provider object a resource hands Pulumi: every method only passes the call on to
 * `handler`. Pulumi serializes it into each resource's state; `handler` is a module, so it is
 * captured as one `require` of its name in `exports`, and no secret is inside.
 */
export function delegatingProvider<Connection, Inputs, Outputs>(
  handler: EntryModule<Connection, Inputs, Outputs>,
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> & ProviderState<Connection> {
  return {
    async configure(request) {
      return handler.configure(this, request);
    },
    async check(olds, news) {
      return handler.check(this, olds, news);
    },
    async diff(id, olds, news) {
      return handler.diff(this, id, olds, news);
    },
    async create(inputs) {
      return handler.create(this, inputs);
    },
    async read(id, props) {
      return handler.read(this, id, props);
    },
    async update(id, olds, news) {
      return handler.update(this, id, olds, news);
    },
    async delete(id, props) {
      return handler.remove(this, id, props);
    },
  };
}
