import type { Deadline, TimeLimit } from "../../basics/deadline";
import type { CheckedInputs } from "./fields";
import type { CheckFailure, Created, ReadResult } from "./resource-values";

/** Where a resource's lifecycle says what it does; each front door decides where that goes. */
export interface Say {
  readonly say: (line: string) => void;
  readonly warn: (line: string) => void;
}

/** What a change of the inputs does to a resource. */
export interface ResourceDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/** A resource taken over by id (an import): its id as the server writes it, the inputs that name it, and its state. */
export interface Adopted<Inputs, Outputs> {
  readonly id: string;
  readonly inputs: Inputs;
  readonly outs: Outputs;
}

/**
 * One resource as the provider core serves it: how it checks, diffs and lives over its package's
 * connection. Nothing here knows which front door (the dynamic provider, the native plugin) calls it.
 */
export interface ResourceLifecycle<Connection extends { readonly warnings: readonly string[] }, Context, Inputs, Outputs> {
  /** The resource's name in messages. */
  readonly resource: string;
  /** What a call on `resource` (its inputs, or its state) works with; throws when its settings are unusable. */
  context(connection: Connection, say: Say, resource: Inputs | Outputs): Context;
  checkInputs(raw: Inputs): CheckedInputs<Inputs>;
  /** Why the checked inputs cannot be served by this connection (a server it does not have), if so. */
  connectionProblem?(connection: Connection, inputs: Inputs): CheckFailure | undefined;
  /**
   * Why the server the checked inputs name cannot be worked with (credentials refused, no answer,
   * a certificate that does not verify), asked of it once per process: a preview says so before
   * an up would fail on it.
   */
  serverProblem?(connection: Connection, inputs: Inputs): Promise<CheckFailure | undefined>;
  diff(olds: Outputs, news: Inputs): ResourceDiff;
  /**
   * Told of each resource whose diff keeps it (no replacement): the engine diffs every resource
   * the program declares before it deletes those it no longer does.
   */
  holds?(ctx: Context, state: Outputs): void;
  /** How long a create or update may take when the engine gives it no time of its own. */
  timeLimit(inputs: Inputs): TimeLimit;
  create(ctx: Context, inputs: Inputs, deadline: Deadline): Promise<Created<Outputs>>;
  read(ctx: Context, id: string, state: Outputs): Promise<ReadResult<Outputs>>;
  /** Takes over what the server holds under `id`, knowing nothing else of it; absent: not importable. */
  adopt?(ctx: Context, id: string): Promise<Adopted<Inputs, Outputs>>;
  update(ctx: Context, state: Outputs, inputs: Inputs, deadline: Deadline): Promise<Outputs>;
  /**
   * Whether the id recorded with `state` may not be the resource's last (a download not finished
   * when it was recorded): a front door that can asks the engine to read it before its next update,
   * which settles the id.
   */
  settling?(state: Outputs): boolean;
  remove(ctx: Context, state: Outputs): Promise<void>;
}
