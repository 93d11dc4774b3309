import { deadlineFor, type Deadline, type TimeLimit } from "../basics/deadline";
import { DescribedError } from "../basics/errors";
import type { Environment, StackConfig } from "../resources/common/config";
import type { Adopted, ResourceDiff, Say } from "../resources/common/resource-lifecycle";
import { notImportable, type CheckFailure, type Created, type ReadResult } from "../resources/common/resource-values";
import type { PackageResource, ProviderPackage, Values, Warned } from "./provider-package";

/** What bounds a create or update besides the inputs' own setting: the engine's time, and a cancel. */
export interface Timing {
  /** customTimeouts, when the engine sends them (0 seconds: none). */
  readonly engine?: TimeLimit;
  readonly cancelled?: AbortSignal;
}

export interface Checked {
  readonly inputs: Values;
  readonly failures: readonly CheckFailure[];
}

/** A read, and whether its id may not be the resource's last (the engine should read it before its next update). */
export type Read = ReadResult<Values> & { readonly settling: boolean };

/**
 * One provider instance of a package, as both front doors serve it: the connection its
 * configuration makes (or the error it keeps), and every resource call with the check, the
 * deadline and the holders' rules in one place. A front door only translates.
 */
export interface ProviderCore {
  readonly name: string;
  /** Connects; warnings to show once. A failure is kept: every later resource call fails with it. */
  configure(config: StackConfig, env: Environment): readonly string[];
  /** Why this configuration is unusable, naming the setting; undefined when it is usable. */
  configProblem(config: StackConfig, env: Environment): string | undefined;
  /** Settings, then inputs, then whether the connection and its server can serve them. */
  check(type: string, news: Values): Promise<Checked>;
  diff(type: string, olds: Values, news: Values, say: Say): ResourceDiff;
  create(type: string, inputs: Values, say: Say, timing?: Timing): Promise<Created<Values>>;
  read(type: string, id: string, state: Values, say: Say): Promise<Read>;
  /** A read with only an id: `pulumi import`. */
  adopt(type: string, id: string, say: Say): Promise<Adopted<Values, Values>>;
  update(type: string, olds: Values, news: Values, say: Say, timing?: Timing): Promise<{ outs: Values; settling: boolean }>;
  delete(type: string, state: Values, say: Say): Promise<void>;
}

/** The engine's time when it gives some, else the inputs' own setting (`downloadTimeoutSeconds` …). */
function deadlineOf<Connection extends Warned>(resource: PackageResource<Connection>, inputs: Values, timing: Timing): Deadline {
  const limit = timing.engine !== undefined && timing.engine.seconds > 0 ? timing.engine : resource.timeLimit(inputs);
  return deadlineFor(limit, timing.cancelled);
}

export function providerCore<Connection extends Warned>(pkg: ProviderPackage<Connection>): ProviderCore {
  let connection: { readonly ok: Connection } | { readonly error: Error } | undefined;

  const resourceOf = (type: string): PackageResource<Connection> => {
    const resource = pkg.resources[type];
    if (resource === undefined)
      throw new DescribedError(
        "RESOURCE_REQUEST_UNSERVED",
        `${pkg.name} has no resource type ${type}; its resources are ${Object.keys(pkg.resources).join(", ")}`,
      );
    return resource;
  };
  const connected = (): Connection => {
    if (connection === undefined)
      throw new DescribedError("RESOURCE_UNCONFIGURED", `${pkg.name}: the provider was not configured before a resource call`);
    if ("error" in connection) throw connection.error;
    return connection.ok;
  };
  /** What a call on `resource` (its inputs, or its state) works with; throws when its settings are unusable. */
  const contextOf = (resource: PackageResource<Connection>, say: Say, values: Values) => resource.context(connected(), say, values);

  return {
    name: pkg.name,
    configure(config, env) {
      try {
        const made = pkg.connect(config, env);
        connection = { ok: made };
        return made.warnings;
      } catch (error) {
        // Kept, not thrown: a host caches this provider even when configure fails.
        connection = { error: error as Error };
        return [];
      }
    },
    configProblem(config, env) {
      try {
        pkg.connect(config, env);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
    async check(type, news) {
      const resource = resourceOf(type);
      // Unusable settings fail the resource in one line naming the setting and the fix; no property, so no value is printed.
      if (connection !== undefined && "error" in connection)
        return { inputs: news, failures: [{ property: "", reason: connection.error.message }] };
      const checked = resource.checkInputs(news);
      if (checked.failures.length > 0 || connection === undefined) return checked;
      const problem =
        resource.connectionProblem?.(connection.ok, checked.inputs) ?? (await resource.serverProblem?.(connection.ok, checked.inputs));
      return problem ? { inputs: checked.inputs, failures: [problem] } : checked;
    },
    diff(type, olds, news, say) {
      const resource = resourceOf(type);
      const result = resource.diff(olds, news);
      if (resource.holds && result.replaces.length === 0) {
        let ctx: unknown;
        try {
          ctx = contextOf(resource, say, olds);
        } catch {
          // Unusable settings fail the resource's check, with the fix; a diff only has nothing to note.
          return result;
        }
        resource.holds(ctx, olds);
      }
      return result;
    },
    async create(type, inputs, say, timing = {}) {
      const resource = resourceOf(type);
      const ctx = contextOf(resource, say, inputs);
      return resource.create(ctx, inputs, deadlineOf(resource, inputs, timing));
    },
    async read(type, id, state, say) {
      const resource = resourceOf(type);
      const result = await resource.read(contextOf(resource, say, state), id, state);
      return { ...result, settling: result.props !== undefined && (resource.settling?.(result.props) ?? false) };
    },
    async adopt(type, id, say) {
      const resource = resourceOf(type);
      if (!resource.adopt) throw notImportable(resource.resource);
      return resource.adopt(contextOf(resource, say, {}), id);
    },
    async update(type, olds, news, say, timing = {}) {
      const resource = resourceOf(type);
      const ctx = contextOf(resource, say, olds);
      const outs = await resource.update(ctx, olds, news, deadlineOf(resource, news, timing));
      // An update cannot change the id: one that settled a pending resource has the engine read it next time.
      return { outs, settling: resource.settling?.(olds) ?? false };
    },
    async delete(type, state, say) {
      const resource = resourceOf(type);
      await resource.remove(contextOf(resource, say, state), state);
    },
  };
}
