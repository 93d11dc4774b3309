import type { StackConfig } from "../resources/common/config";
import type { SettingSource } from "../resources/common/setting-words";

/**
 * A provider's inputs (from stack config `plesk:url` …, or an explicit provider's properties) as
 * the config the settings readers know: `plesk:url` reads input `url`. Default providers send
 * every value as text; explicit ones typed, so booleans become text here.
 */
export function providerConfig(pkg: string, inputs: Readonly<Record<string, unknown>>, source: SettingSource): StackConfig {
  const prefix = `${pkg}:`;
  return {
    get(key) {
      if (!key.startsWith(prefix)) return undefined;
      const value = inputs[key.slice(prefix.length)];
      return typeof value === "boolean" || typeof value === "number" ? String(value) : (value ?? undefined);
    },
    source,
  };
}

/**
 * Whether the provider at `urn` is one the engine made from stack config: it names those
 * `default…`, and tells them apart that way itself; else the explicit provider its URN names.
 * Without a URN, stack config as before.
 */
export function settingSourceOf(urn: string | undefined): SettingSource {
  if (!urn) return "stack";
  const name = urn.slice(urn.lastIndexOf("::") + 2);
  return name.startsWith("default") ? "stack" : { provider: name };
}
