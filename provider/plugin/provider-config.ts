import type { StackConfig } from "../resources/common/config";

/**
 * A provider's inputs (from stack config `plesk:url` …, or an explicit provider's properties) as
 * the config the settings readers know: `plesk:url` reads input `url`. Default providers send
 * every value as text; explicit ones typed, so booleans become text here.
 */
export function providerConfig(pkg: string, inputs: Readonly<Record<string, unknown>>): StackConfig {
  const prefix = `${pkg}:`;
  return {
    get(key) {
      if (!key.startsWith(prefix)) return undefined;
      const value = inputs[key.slice(prefix.length)];
      return typeof value === "boolean" || typeof value === "number" ? String(value) : (value ?? undefined);
    },
  };
}

/** The input a settings message is about: the first `pkg:key` it names, else the provider as a whole. */
export function settingProperty(pkg: string, message: string): string {
  return new RegExp(`\\b${pkg}:([A-Za-z]+)`).exec(message)?.[1] ?? "";
}
