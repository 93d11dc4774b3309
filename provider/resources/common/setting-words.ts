/** A setting: its stack config key and the environment variable that stands in for it, if any. */
export interface Setting {
  readonly key: string;
  readonly env?: string;
  /** Set with `pulumi config set --path`: a field of a structured value. */
  readonly path?: boolean;
}

/**
 * Where the settings of one provider come from: the stack's config (`plesk:url`; the dynamic
 * provider and a default provider), with the environment variables standing in for unset keys;
 * or the inputs of the explicit provider resource it names (`url` of provider `eu-2`), alone.
 */
export type SettingSource = "stack" | { readonly provider: string };

/** What a fix shows as the value to set: a value to type, or a file that holds it. */
export type Example = { readonly value: string } | { readonly file: string };

/** How messages name a setting and the way to set it, in the words of where it is set. */
export interface SettingWords {
  /** The explicit provider the settings are the inputs of (`provider eu-2`); none for stack config. */
  readonly provider?: string;
  /** The environment variable that stands in for the setting when it is unset: stack config's only. */
  variable(setting: Setting): string | undefined;
  /** `plesk:url` in stack config; the input `url` of an explicit provider. */
  name(setting: Setting): string;
  /** The name and the variable that stands in for it: `plesk:url (or PLESK_URL)`; `url of provider eu-2`. */
  withVariable(setting: Setting): string;
  /** `pulumi config set --secret plesk:password`, or `password on the provider, as a secret`. */
  howToSet(setting: Setting, options?: { readonly secret?: boolean; readonly example?: Example }): string;
}

export function settingWords(source: SettingSource = "stack"): SettingWords {
  return source === "stack" ? STACK_WORDS : providerWords(source.provider);
}

const withVariable = (name: string, setting: Setting) => (setting.env ? `${name} (or ${setting.env})` : name);

const STACK_WORDS: SettingWords = {
  variable: (setting) => setting.env,
  name: (setting) => setting.key,
  withVariable: (setting) => withVariable(setting.key, setting),
  howToSet(setting, { secret = false, example } = {}) {
    const command = `pulumi config set${secret ? " --secret" : ""}${setting.path ? " --path" : ""} ${setting.key}`;
    if (example === undefined) return command;
    return "value" in example ? `${command} ${example.value}` : `${command} -- "$(cat ${example.file})"`;
  },
};

/** An explicit provider's input is the key without its package: `plesk:servers.web1.url` is `servers.web1.url`. */
const inputName = (setting: Setting) => setting.key.slice(setting.key.indexOf(":") + 1);

/** An explicit provider reads its inputs alone, so no variable is named beside them. */
function providerWords(name: string): SettingWords {
  const provider = `provider ${name}`;
  return {
    provider,
    variable: () => undefined,
    name: inputName,
    withVariable: (setting) => `${inputName(setting)} of ${provider}`,
    howToSet(setting, { secret = false, example } = {}) {
      const input = inputName(setting);
      const set =
        example === undefined
          ? `${input} on ${provider}`
          : "value" in example
            ? `${input}: "${example.value}" on ${provider}`
            : `${input} on ${provider} to the text of ${example.file}`;
      return secret ? `${set}, as a secret` : set;
    },
  };
}
