import { X509Certificate } from "node:crypto";
import { DescribedError } from "../../basics/errors";
import { pleskEndpoint, type PleskAuth, type PleskEndpoint } from "../../plesk/endpoint";
import { isPleskSettingsError } from "../../plesk/errors";
import { getappEndpoint, type GetAppAuth, type GetAppEndpoint } from "../../getapp/endpoint";
import { isGetAppSettingsError } from "../../getapp/errors";
import type { TlsSettings } from "../../http/limits";
import { settingWords, type Setting, type SettingSource, type SettingWords } from "./setting-words";

export type { Setting } from "./setting-words";

/**
 * What the provider host hands `configure()`: the stack's config, top-level secrets unwrapped.
 * Most values are text; structured config (`pulumi config set --path`) may arrive as an object.
 * An explicit provider's inputs are read by the same keys; `source` then says so, and messages
 * name its inputs instead of stack config.
 */
export interface StackConfig {
  get(key: string): unknown;
  readonly source?: SettingSource;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** A setting a user configures, documented for the package schema: its type, meaning and whether it is a secret. */
export interface ConfigSetting extends Setting {
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly secret?: true;
}

export const PLESK_SETTINGS = {
  url: {
    key: "plesk:url",
    env: "PLESK_URL",
    type: "string",
    description: "https://host[:port] of the Plesk panel; the port defaults to 8443 (8880 for http://) and the XML API path is appended.",
  },
  login: { key: "plesk:login", env: "PLESK_LOGIN", type: "string", description: "The login of a Plesk administrator." },
  password: { key: "plesk:password", env: "PLESK_PASSWORD", type: "string", secret: true, description: "The password of that login." },
  secretKey: {
    key: "plesk:secretKey",
    env: "PLESK_SECRET_KEY",
    type: "string",
    secret: true,
    description: "A Plesk secret key (the KEY header), bound to the address it was made for; wins over login and password.",
  },
  caCert: {
    key: "plesk:caCert",
    env: "PLESK_CA_CERT",
    type: "string",
    description: "PEM of a CA, or of the server's self-signed certificate, to trust besides the roots Node trusts.",
  },
  insecureSkipVerify: {
    key: "plesk:insecureSkipVerify",
    env: "PLESK_INSECURE_SKIP_VERIFY",
    type: "boolean",
    description: "true switches TLS certificate checks off, with a warning; for test servers only.",
  },
} as const satisfies Record<string, ConfigSetting>;

export const GETAPP_SETTINGS = {
  url: {
    key: "getapp:url",
    env: "GETAPP_URL",
    type: "string",
    description: "GetApp's base URL, https://host[:port][/prefix]; /api/v1 is appended unless it ends in /api/v1 or /api/v2.",
  },
  deviceAuth: {
    key: "getapp:deviceAuth",
    env: "GETAPP_DEVICE_AUTH",
    type: "string",
    secret: true,
    description: "Sent as the Device-Auth header; wins over the token.",
  },
  token: { key: "getapp:token", env: "GETAPP_TOKEN", type: "string", secret: true, description: "Sent as Authorization: Bearer <token>." },
  caCert: {
    key: "getapp:caCert",
    env: "GETAPP_CA_CERT",
    type: "string",
    description: "PEM of a CA to trust for the API and the artifact downloads, besides the roots Node trusts.",
  },
  insecureSkipVerify: {
    key: "getapp:insecureSkipVerify",
    env: "GETAPP_INSECURE_SKIP_VERIFY",
    type: "boolean",
    description: "true switches TLS certificate checks off, with a warning; for test servers only.",
  },
  skipServerCheck: {
    key: "getapp:skipServerCheck",
    env: "GETAPP_SKIP_SERVER_CHECK",
    type: "boolean",
    description:
      "true skips the one request (GET /api/v1/delivery/cache/config) a preview and an up send the GetApp server, which fails them early on refused credentials, a server that does not answer or a certificate that does not verify; for previews run where GetApp cannot be reached.",
  },
} as const satisfies Record<string, ConfigSetting>;

/** Whether check asks each Plesk server once that its settings work; a stack-wide switch, for previews with no access to the panels. */
export const SKIP_SERVER_CHECK_SETTING = {
  key: "plesk:skipServerCheck",
  env: "PLESK_SKIP_SERVER_CHECK",
  type: "boolean",
  description:
    "true skips the one request (<server><get><stat/>) a preview and an up send each Plesk server they plan for, which fails them early on refused credentials, a server that does not answer or a certificate that does not verify; for previews run where the panels cannot be reached.",
} as const satisfies ConfigSetting;

/** Whether the stack's (or an explicit provider's) settings switch the server check off. */
export function skipsServerCheck(config: StackConfig, env: Environment): boolean {
  return readBoolean(config, env, SKIP_SERVER_CHECK_SETTING);
}

/** A setting is missing or unusable; the message names the setting, the variable and the fix. */
export class ConfigurationError extends DescribedError {
  constructor(message: string) {
    super("CONFIG_ERROR", message);
    this.name = "ConfigurationError";
  }
}

const orVariable = (w: SettingWords, setting: Setting) => {
  const variable = w.variable(setting);
  return variable ? ` or the ${variable} environment variable` : "";
};
/** The Plesk URL a fix shows, for the default connection and for a named server alike. */
export const PLESK_URL_EXAMPLE = { value: "https://plesk.example.com:8443" };
const CA_FILE_EXAMPLE = { file: "ca.pem" };

/**
 * Explicit stack config wins over the environment; blank counts as unset. An explicit provider
 * reads its own inputs alone: a variable meant for the default connection never fills its gaps.
 */
function read(config: StackConfig, env: Environment, setting: Setting): string | undefined {
  const configured = config.get(setting.key);
  const variable = settingWords(config.source).variable(setting);
  const value = typeof configured === "string" ? configured : variable ? env[variable] : undefined;
  return value === undefined || value.trim() === "" ? undefined : value;
}

export interface PleskConnection {
  readonly endpoint: PleskEndpoint;
  /** Said once when TLS checks are off. */
  readonly warnings: readonly string[];
}

/** The names one Plesk connection's settings are read under. */
export type PleskSettingNames = { readonly [Name in keyof typeof PLESK_SETTINGS]: Setting };

/**
 * Reads the Plesk connection settings; throws ConfigurationError before anything is sent. By
 * default the stack's `plesk:*` keys and `PLESK_*` variables; a named server's come from `names`.
 */
export function pleskConnection(config: StackConfig, env: Environment, names: PleskSettingNames = PLESK_SETTINGS): PleskConnection {
  const s = names;
  const w = settingWords(config.source);
  const url = read(config, env, s.url);
  if (!url) {
    throw new ConfigurationError(
      `Missing Plesk URL${w.provider ? ` of ${w.provider}` : ""}: set ${w.name(s.url)} (${w.howToSet(s.url, { example: PLESK_URL_EXAMPLE })})${orVariable(w, s.url)}.`,
    );
  }

  const tls = readTls(config, env, s);
  const auth = readAuth(config, env, s);
  try {
    const named = s.url.path ? { name: `server ${serverName(s)}` } : {};
    const endpoint = pleskEndpoint({ url, ...named, auth, tls, trustHint: trustHint(w, s), credentialsHint: credentialsHint(w, s, auth) });
    return { endpoint, warnings: connectionWarnings(w, tls, endpoint.origin, s, "the password or secret key") };
  } catch (error) {
    if (isPleskSettingsError(error) && error.field === "url") {
      throw new ConfigurationError(`${w.withVariable(s.url)}: ${error.message.replace(/^Plesk setting url: /, "")}`);
    }
    throw error;
  }
}

/** How to trust the server's certificate, in the settings that configure this server. */
function trustHint(w: SettingWords, s: PleskSettingNames): string {
  return (
    `trust it by setting ${w.withVariable(s.caCert)} to the CA's PEM (or the server's self-signed certificate), ` +
    `for example ${w.howToSet(s.caCert, { example: CA_FILE_EXAMPLE })}; ${w.withVariable(s.insecureSkipVerify)} true switches checks off, for test servers only`
  );
}

/** The name of a `plesk:servers` entry, from its keys. */
function serverName(s: PleskSettingNames): string {
  return s.url.key.replace(/^plesk:servers\.|\.url$/g, "");
}

/** Which settings to fix when the server refuses what they hold. */
function credentialsHint(w: SettingWords, s: PleskSettingNames, auth: PleskAuth): string {
  const server = s.url.path ? `server ${serverName(s)} (${w.name({ key: s.url.key.replace(/\.url$/, "") })})` : undefined;
  const entry = [server, w.provider].filter(Boolean).join(" of ") || "the default Plesk connection";
  if (auth.kind === "secret-key") {
    return `The secret key of ${entry} was refused: check ${w.withVariable(s.secretKey)} (${w.howToSet(s.secretKey, { secret: true })}); a key works only from the address it was made for.`;
  }
  return `The login and password of ${entry} were refused: check ${w.withVariable(s.login)} and ${w.withVariable(s.password)} (${w.howToSet(s.password, { secret: true })}).`;
}

function readAuth(config: StackConfig, env: Environment, s: PleskSettingNames): PleskAuth {
  const w = settingWords(config.source);
  const secretKey = read(config, env, s.secretKey);
  if (secretKey) return { kind: "secret-key", secretKey };
  const login = read(config, env, s.login);
  const password = read(config, env, s.password);
  if (login && password) return { kind: "login", login, password };
  if (login) {
    const fix = w.howToSet(s.password, { secret: true });
    throw new ConfigurationError(`${w.withVariable(s.login)} is set but ${w.withVariable(s.password)} is not: ${fix}`);
  }
  if (password) {
    const fix = w.howToSet(s.login, { example: { value: "admin" } });
    throw new ConfigurationError(`${w.withVariable(s.password)} is set but ${w.withVariable(s.login)} is not: ${fix}`);
  }
  const variables = w.variable(s.login)
    ? `; or the environment variables ${w.variable(s.login)} and ${w.variable(s.password)}, or ${w.variable(s.secretKey)}`
    : "";
  throw new ConfigurationError(
    `Missing Plesk credentials${w.provider ? ` of ${w.provider}` : ""}: set ${w.name(s.login)} and ${w.name(s.password)} (${w.howToSet(s.password, { secret: true })}), or ${w.name(s.secretKey)}${variables}.`,
  );
}

export interface GetAppConnection {
  readonly endpoint: GetAppEndpoint;
  /** Checks leave the server alone (getapp:skipServerCheck). */
  readonly skipServerCheck: boolean;
  /** Said once when TLS checks are off. */
  readonly warnings: readonly string[];
}

/** Reads the GetApp connection settings; throws ConfigurationError before anything is sent. */
export function getappConnection(config: StackConfig, env: Environment): GetAppConnection {
  const s = GETAPP_SETTINGS;
  const w = settingWords(config.source);
  const url = read(config, env, s.url);
  if (!url) {
    throw new ConfigurationError(
      `Missing GetApp URL${w.provider ? ` of ${w.provider}` : ""}: set ${w.name(s.url)} (${w.howToSet(s.url, { example: { value: "https://getapp.example.com" } })})${orVariable(w, s.url)}.`,
    );
  }
  const deviceAuth = read(config, env, s.deviceAuth);
  const token = read(config, env, s.token);
  const auth: GetAppAuth | undefined = deviceAuth
    ? { kind: "device-auth", secret: deviceAuth }
    : token
      ? { kind: "bearer", token }
      : undefined;
  if (!auth) {
    const variables = w.variable(s.deviceAuth)
      ? `; or the environment variables ${w.variable(s.deviceAuth)} or ${w.variable(s.token)}`
      : "";
    throw new ConfigurationError(
      `Missing GetApp credentials${w.provider ? ` of ${w.provider}` : ""}: set ${w.name(s.deviceAuth)} (${w.howToSet(s.deviceAuth, { secret: true })}) or ${w.name(s.token)}${variables}.`,
    );
  }
  const tls = readTls(config, env, s);
  try {
    const endpoint = getappEndpoint({ url, auth, tls });
    return {
      endpoint,
      skipServerCheck: readBoolean(config, env, s.skipServerCheck),
      warnings: connectionWarnings(w, tls, endpoint.origin, s, "the device secret or token"),
    };
  } catch (error) {
    if (isGetAppSettingsError(error) && error.field === "url") {
      throw new ConfigurationError(`${w.withVariable(s.url)}: ${error.message.replace(/^GetApp setting url: /, "")}`);
    }
    throw error;
  }
}

interface TlsSettingNames {
  readonly caCert: Setting;
  readonly insecureSkipVerify: Setting;
}

function readTls(config: StackConfig, env: Environment, names: TlsSettingNames): TlsSettings {
  const w = settingWords(config.source);
  const insecureSkipVerify = readBoolean(config, env, names.insecureSkipVerify);
  const caCert = read(config, env, names.caCert);
  if (caCert !== undefined && !caCert.includes("-----BEGIN CERTIFICATE-----")) {
    throw new ConfigurationError(
      `${w.withVariable(names.caCert)} must be PEM text starting with -----BEGIN CERTIFICATE-----; from a file: ${w.howToSet(names.caCert, { example: CA_FILE_EXAMPLE })}`,
    );
  }
  if (caCert !== undefined && !isCertificate(caCert)) {
    throw new ConfigurationError(
      `${w.withVariable(names.caCert)} has PEM armour, but what it holds is not a certificate (the text is not shown); ` +
        `give the CA's certificate itself, for example ${w.howToSet(names.caCert, { example: CA_FILE_EXAMPLE })}`,
    );
  }
  return { ...(caCert ? { caCert } : {}), ...(insecureSkipVerify ? { insecureSkipVerify } : {}) };
}

/** Whether `pem`'s first certificate parses as X.509. */
function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/** Said once per endpoint, when the provider is configured: credentials unprotected on the way. */
function connectionWarnings(
  w: SettingWords,
  tls: TlsSettings,
  origin: string,
  names: TlsSettingNames & { readonly url: Setting },
  credential: string,
): string[] {
  if (origin.startsWith("http:")) {
    return [
      `${w.name(names.url)} uses plain http://, so ${credential} travels unencrypted to ${origin}: use https:// for anything but a local test server`,
    ];
  }
  return tls.insecureSkipVerify
    ? [`TLS certificate checks are off for ${origin} (${w.name(names.insecureSkipVerify)} is true): use it for test servers only`]
    : [];
}

function readBoolean(config: StackConfig, env: Environment, setting: Setting): boolean {
  const value = read(config, env, setting)?.trim().toLowerCase();
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  // Not echoed: a value in the wrong key may be a credential.
  const name = settingWords(config.source).withVariable(setting);
  throw new ConfigurationError(`${name} must be true or false; the value given is neither (not shown)`);
}
