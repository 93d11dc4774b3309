import { ResourceNotReadyError } from "../resources/common/resource-values";

/** Where a dynamic resource's inputs and state carry its serialized provider. */
const PROVIDER_KEY = "__provider";

/**
 * Pulumi's host sends a failed create's properties in an HTTP/2 trailer, which Node caps at
 * 64 KB; a larger one never reaches the engine and the resource would be forgotten. An
 * installed provider serializes to a few KB; one serialized by value from source can exceed it.
 */
const MAX_PROVIDER_IN_ERROR = 40 * 1024;

/**
 * Stands in for a provider too large to travel in an error. It serves what the engine may ask
 * of a resource whose download has not finished before the next `pulumi up` resumes it with the
 * program's own provider: a refresh keeps it as it is, a delete has nothing to retire.
 */
export const PENDING_RESOURCE_PROVIDER = `exports.handler = function () {
  var resume = function () { throw new Error("this resource is not ready yet: run pulumi up to resume waiting for it"); };
  return {
    check: async function (olds, news) { return { inputs: news }; },
    diff: async function () { return { changes: true }; },
    read: async function (id, props) { return { id: id, props: props }; },
    create: resume,
    update: resume,
    delete: async function () {},
  };
};
`;

/**
 * A not-ready resource's state as the dynamic provider host must hand it on: the host does not
 * add `__provider` to an error's properties itself, so it is copied from the inputs, or a later
 * refresh could not load the provider.
 */
export function withPendingProvider(error: unknown, inputs: unknown): unknown {
  if (!(error instanceof ResourceNotReadyError)) return error;
  const provider: unknown = typeof inputs === "object" && inputs !== null ? Reflect.get(inputs, PROVIDER_KEY) : undefined;
  const fits = typeof provider === "string" && provider.length <= MAX_PROVIDER_IN_ERROR;
  const kept = new ResourceNotReadyError(error.message, error.id, {
    ...error.properties,
    [PROVIDER_KEY]: fits ? provider : PENDING_RESOURCE_PROVIDER,
  });
  kept.stack = error.stack;
  return kept;
}
