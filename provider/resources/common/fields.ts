import { closestName } from "../../basics/closest-name";
import { isUnknown, type CheckFailure } from "./resource-values";

/** What a change of an input does to the resource. */
export type OnChange =
  /** Another remote object: a different value, or one added or left out, replaces the resource. */
  | "replace"
  /** As "replace" when given; left out, the resource accepts whatever the server has. */
  | "replace-if-given"
  /** Changed in place by an update. */
  | "update"
  /** Touches nothing remote: kept in the state, an update only records it. */
  | "local";

/** A value's type, as a Pulumi package schema names it. */
export type SchemaType = "string" | "boolean" | "number" | "integer";

/**
 * One input of a resource, as plain data: this drives check, diff, reading it back from state,
 * and the package schema the native plugin publishes (its type and description).
 */
export interface FieldSpec {
  readonly onChange: OnChange;
  readonly type: SchemaType;
  /** What it means, for users of every language: the schema and the SDKs generated from it carry it. */
  readonly description: string;
  /** Why a known value cannot be used, or undefined when it can. */
  readonly problem: (value: unknown) => string | undefined;
  /** When the input is required: what to tell a program that left it out. */
  readonly required?: string;
  /**
   * The value a program that leaves the input out gets. Not named `default`: Pulumi's closure
   * serializer takes an object with a primitive `default` for a module wrapper and fails on it.
   */
  readonly defaultValue?: string | number | boolean;
  /** How a usable value is kept (trimmed, say); as given when absent. */
  readonly normalise?: (value: string) => string;
  /** For "update": the state key holding the live value, when it is not the input's own key. */
  readonly live?: string;
}

/** Every input of a resource, in the order messages list them. */
export type Fields<Inputs> = { readonly [Name in keyof Inputs]-?: FieldSpec };

/** A value a resource reports, for the package schema: a plain value, a list of an object type, or an object type. */
export type OutputSpec =
  | { readonly type: SchemaType; readonly description: string }
  | { readonly type: "array"; readonly of: string; readonly description: string }
  | { readonly type: "object"; readonly of: string; readonly description: string };

/** Every value a resource reports besides its inputs (the state keeps those too), each documented. */
export type OutputFields<Outputs, Inputs> = { readonly [Name in Exclude<keyof Outputs, keyof Inputs>]-?: OutputSpec };

/** The fields of an object type a resource reports (an artifact, an error), each documented. */
export type ObjectFields<T> = { readonly [Name in keyof T]-?: { readonly type: SchemaType; readonly description: string } };

/** Keys the provider host or Pulumi adds to every resource's inputs. */
const RESERVED: readonly string[] = ["__provider"];

export interface CheckedInputs<Inputs> {
  /** What passed each rule, defaults filled in; complete when there are no failures. */
  readonly inputs: Inputs;
  readonly failures: CheckFailure[];
}

/**
 * Validates and normalises raw inputs: unknown names (with the closest valid one), required
 * inputs, each value's own rule, defaults. Values not known yet (a preview) pass unchecked.
 */
export function checkFields<Inputs>(resource: string, fields: Fields<Inputs>, raw: Record<string, unknown>): CheckedInputs<Inputs> {
  const names = Object.keys(fields);
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};

  for (const key of Object.keys(raw)) {
    if (RESERVED.includes(key) || names.includes(key)) continue;
    const suggestion = closestName(key, names);
    fail(
      key,
      `is not ${article(resource)} ${resource} input${suggestion ? `; did you mean "${suggestion}"?` : ""} Valid inputs: ${names.join(", ")}.`,
    );
  }

  for (const [name, spec] of entries(fields)) {
    const value = raw[name];
    if (value === undefined || value === null) {
      if (spec.required !== undefined) fail(name, `is required: ${spec.required}`);
      else if (spec.defaultValue !== undefined) inputs[name] = spec.defaultValue;
      continue;
    }
    if (isUnknown(value)) {
      inputs[name] = value;
      continue;
    }
    const problem = spec.problem(value);
    if (problem) fail(name, problem);
    else inputs[name] = spec.normalise && typeof value === "string" ? spec.normalise(value) : value;
  }
  // Each key of `fields` passed its rule or has a failure: with none, this is a whole Inputs.
  return { inputs: inputs as Inputs, failures };
}

export interface FieldChanges {
  /** Inputs whose change replaces the resource. */
  readonly replaces: string[];
  /** Whether any input changed at all. */
  readonly changed: boolean;
}

/** Checked inputs against the state, field by field, as each field's `onChange` says. */
export function diffFields<Inputs>(fields: Fields<Inputs>, olds: Record<string, unknown>, news: Record<string, unknown>): FieldChanges {
  const replaces: string[] = [];
  let changed = false;
  for (const [name, spec] of entries(fields)) {
    const desired = news[name];
    const given = desired !== undefined;
    // A state written before a field existed held its default.
    const differs = (kept: unknown) => isUnknown(desired) || desired !== (kept ?? spec.defaultValue);
    switch (spec.onChange) {
      case "replace":
        if (differs(olds[name])) replaces.push(name);
        break;
      case "replace-if-given":
        if (given && differs(olds[name])) replaces.push(name);
        break;
      case "update":
      case "local":
        if (spec.live === undefined) changed ||= differs(olds[name]);
        // Managed against the live value; starting or stopping to manage it is a change too.
        else changed ||= (given && differs(olds[spec.live])) || given !== (olds[name] !== undefined);
        break;
    }
  }
  return { replaces, changed: changed || replaces.length > 0 };
}

/** The declared inputs alone (no `__provider` or other keys), as the state keeps them. */
export function keptInputs<Inputs extends object>(fields: Fields<Inputs>, inputs: Inputs): Inputs {
  const kept = { ...inputs };
  for (const key of Object.keys(kept)) if (!(key in fields)) Reflect.deleteProperty(kept, key);
  return kept;
}

/** A refresh has only the state: the program's inputs were kept in it; defaults fill what was not. */
export function desiredFromState<Inputs>(fields: Fields<Inputs>, state: Partial<Record<keyof Inputs, unknown>>): Inputs {
  const desired: Record<string, unknown> = {};
  for (const [name, spec] of entries(fields)) desired[name] = state[name as keyof Inputs] ?? spec.defaultValue;
  // The state was written from inputs of this shape: each key holds what check accepted for it.
  return desired as Inputs;
}

function entries<Inputs>(fields: Fields<Inputs>): [string, FieldSpec][] {
  return Object.entries(fields);
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? "an" : "a";
}
