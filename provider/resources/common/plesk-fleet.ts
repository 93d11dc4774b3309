import {
  ConfigurationError,
  pleskConnection,
  PLESK_URL_EXAMPLE,
  skipsServerCheck,
  type Environment,
  type PleskConnection,
  type PleskSettingNames,
  type Setting,
  type StackConfig,
} from "./config";
import type { FieldSpec } from "./fields";
import { textProblem } from "./input-checks";
import { settingWords, type SettingSource } from "./setting-words";

/** Where named servers are configured: `pulumi config set --path plesk:servers.web1.url …`, or JSON in the variable. */
export const SERVERS_SETTING = {
  key: "plesk:servers",
  env: "PLESK_SERVERS",
  description:
    "Named Plesk servers one stack reaches, each with its url, login and password or secretKey, caCert and insecureSkipVerify; a resource picks one with its server input.",
} as const;

/** The `server` input of every Plesk resource: another server holds another object, so moving a resource replaces it. */
export const SERVER_INPUT: FieldSpec = {
  onChange: "replace",
  type: "string",
  problem: textProblem,
  normalise: (value) => value.trim(),
  description: "A server named in the provider's servers map. Left out, the default connection. Changing it replaces the resource.",
};

export const SERVER_FIELDS = ["url", "login", "password", "secretKey", "caCert", "insecureSkipVerify"] as const;
/** A server name as a config path segment and a word in messages. */
const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Pulumi's marker for a secret value inside structured config, when it arrives still wrapped. */
const SECRET_SIGNATURE = ["4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"] as const;

/**
 * Every Plesk server one stack reaches: the default connection (`plesk:url` …) and the servers
 * named in `plesk:servers`. A resource picks one by name; left out, the default.
 */
export interface PleskFleet {
  /** The named servers, sorted. */
  readonly serverNames: readonly string[];
  /** The connection for `server`, or the default one; throws ConfigurationError naming what to set. */
  connectionFor(server: string | undefined): PleskConnection;
  /** Every connection the stack configures: the default one when it is set, then each named server. */
  readonly connections: readonly PleskConnection[];
  /** Said once when the provider is configured: TLS checks off, plain HTTP. */
  readonly warnings: readonly string[];
  /** Checks leave the servers alone (plesk:skipServerCheck). */
  readonly skipServerCheck: boolean;
}

/**
 * Reads the default connection and every named server. A named server with unusable settings
 * fails here, naming its key; a missing default connection fails only the resources that use it.
 */
export function pleskFleet(config: StackConfig, env: Environment): PleskFleet {
  const w = settingWords(config.source);
  const entries = readServerEntries(config, env);
  const servers = new Map<string, PleskConnection>();
  for (const [name, entry] of Object.entries(entries)) {
    servers.set(name, pleskConnection(entryConfig(entry, config.source), {}, serverSettingNames(name)));
  }
  let defaultConnection: { ok: PleskConnection } | { error: Error };
  try {
    defaultConnection = { ok: pleskConnection(config, env) };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    defaultConnection = { error };
  }
  const serverNames = [...servers.keys()].sort();
  return {
    serverNames,
    connectionFor(server) {
      if (server === undefined) {
        if ("error" in defaultConnection) {
          if (serverNames.length === 0) throw defaultConnection.error;
          throw new ConfigurationError(
            `${defaultConnection.error.message} This resource names no server; give it server: "${serverNames[0]}" (one of ${serverNames.join(", ")}) to use a server of ${w.name(SERVERS_SETTING)}.`,
          );
        }
        return defaultConnection.ok;
      }
      const connection = servers.get(server);
      if (connection) return connection;
      const setUrl = w.howToSet(serverSettingNames(server).url, { example: PLESK_URL_EXAMPLE });
      throw new ConfigurationError(
        serverNames.length === 0
          ? `server "${server}" is not configured: ${w.withVariable(SERVERS_SETTING)} names no servers; set ${setUrl} and its credentials`
          : `server "${server}" is not one of ${w.name(SERVERS_SETTING)} (${serverNames.join(", ")}); add it with ${setUrl}`,
      );
    },
    skipServerCheck: skipsServerCheck(config, env),
    connections: [...("ok" in defaultConnection ? [defaultConnection.ok] : []), ...serverNames.flatMap((name) => servers.get(name) ?? [])],
    warnings: [...("ok" in defaultConnection ? defaultConnection.ok.warnings : []), ...[...servers.values()].flatMap((c) => c.warnings)],
  };
}

/** `plesk:servers.web1.url` and the like: one named server's settings, with no environment fallback. */
function serverSettingNames(name: string): PleskSettingNames {
  const at = (field: (typeof SERVER_FIELDS)[number]): Setting => ({ key: `${SERVERS_SETTING.key}.${name}.${field}`, path: true });
  return {
    url: at("url"),
    login: at("login"),
    password: at("password"),
    secretKey: at("secretKey"),
    caCert: at("caCert"),
    insecureSkipVerify: at("insecureSkipVerify"),
  };
}

/** One server's fields, looked up by the keys `serverSettingNames` gives them, named in messages as where they came from. */
function entryConfig(entry: Readonly<Record<string, string>>, source: SettingSource | undefined): StackConfig {
  return { get: (key) => entry[key.slice(key.lastIndexOf(".") + 1)], ...(source ? { source } : {}) };
}

/**
 * The `plesk:servers` object: from structured stack config (an object, or its JSON text), else
 * from the `PLESK_SERVERS` variable's JSON. Each server maps field names to text.
 */
function readServerEntries(config: StackConfig, env: Environment): Record<string, Record<string, string>> {
  const w = settingWords(config.source);
  const configured = config.get(SERVERS_SETTING.key);
  const variable = w.variable(SERVERS_SETTING);
  const [raw, source] =
    configured !== undefined
      ? [configured, w.name(SERVERS_SETTING)]
      : variable !== undefined && env[variable] !== undefined && env[variable]!.trim() !== ""
        ? [env[variable], variable]
        : [undefined, ""];
  if (raw === undefined) return {};
  const value = unwrapSecrets(typeof raw === "string" ? parseJson(raw, source) : raw);
  const fix = `set each server with ${w.howToSet(serverSettingNames("NAME").url, { example: PLESK_URL_EXAMPLE })}`;
  if (!isRecord(value)) throw new ConfigurationError(`${source} must be an object of servers by name; ${fix}`);
  const servers: Record<string, Record<string, string>> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (!SERVER_NAME.test(name))
      throw new ConfigurationError(`${source}: "${name}" is not a usable server name; use letters, digits, ".", "_" and "-"`);
    if (!isRecord(entry)) throw new ConfigurationError(`${source}.${name} must be an object with url and credentials; ${fix}`);
    const fields: Record<string, string> = {};
    for (const [field, fieldValue] of Object.entries(entry)) {
      if (!(SERVER_FIELDS as readonly string[]).includes(field))
        throw new ConfigurationError(`${source}.${name}.${field} is not a server setting; the settings are ${SERVER_FIELDS.join(", ")}`);
      if (typeof fieldValue === "boolean" && field === "insecureSkipVerify") fields[field] = String(fieldValue);
      // Not echoed: it may be a credential.
      else if (typeof fieldValue !== "string")
        throw new ConfigurationError(`${source}.${name}.${field} must be text (the value given is not shown)`);
      else fields[field] = fieldValue;
    }
    servers[name] = fields;
  }
  return servers;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The text is not echoed: it holds credentials.
    throw new ConfigurationError(`${source} is not valid JSON (the value is not shown: it holds credentials)`);
  }
}

/** Secrets nested in structured config may arrive wrapped in Pulumi's secret marker; only the value counts here. */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!isRecord(value)) return value;
  if (value[SECRET_SIGNATURE[0]] === SECRET_SIGNATURE[1]) return unwrapSecrets(value.value);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, unwrapSecrets(inner)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
