import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** Pulumi's marker for a secret value on the wire: `{ [SIG]: SECRET, value }`. */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

/** A property map as plain values, secrets unwrapped (the plugin keeps no value anywhere but in memory). */
export function plainValues(struct: Struct | undefined): Record<string, unknown> {
  const value = unwrapSecrets(struct?.toJavaScript() ?? {});
  return isRecord(value) ? value : {};
}

/** Plain values as a property map; absent values are left out, as the engine expects. */
export function toStruct(values: object): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(values)) as Record<string, never>);
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!isRecord(value)) return value;
  if (value[SIG] === SECRET) return unwrapSecrets(value.value);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, unwrapSecrets(inner)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
