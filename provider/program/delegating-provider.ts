import type * as pulumi from "@pulumi/pulumi";
import type { EntryModule } from "../resources/common/entry-module";
import type { ProviderState } from "../resources/common/resource-values";

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
