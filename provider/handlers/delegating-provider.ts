import type * as pulumi from "@pulumi/pulumi";
import type { Values } from "../core/provider-package";
import type { EntryModule, ProviderState } from "./entry-module";

/**
 * A dynamic provider whose every method only passes the call on to `handler`, with the provider
 * object, where `configure()` leaves the connection, as first argument.
 */
export function delegatingProvider(handler: EntryModule): Required<pulumi.dynamic.ResourceProvider<Values, Values>> & ProviderState {
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
