import { httpUrlProblem, MAX_URL_CHARS, textProblem, timeoutProblem } from "../common/input-checks";
import { SERVER_INPUT } from "../common/plesk-fleet";
import { checkFields, type CheckedInputs, type Fields } from "../common/fields";

/** Extension's inputs after `check`: validated, trimmed, defaults filled in. */
export type ExtensionInputs = {
  readonly extensionId: string;
  readonly url?: string;
  readonly installTimeoutSeconds: number;
  /** A server named in `plesk:servers`; absent: the default connection. */
  readonly server?: string;
};

export const DEFAULT_INSTALL_TIMEOUT_SECONDS = 900;

/** Plesk's extension ids: `wp-toolkit`, `letsencrypt`, `sslit`. */
const EXTENSION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const trim = (value: string) => value.trim();

/** Every Extension input; docs/resources.md describes them for users. */
export const EXTENSION_FIELDS: Fields<ExtensionInputs> = {
  extensionId: {
    onChange: "replace",
    type: "string",
    required: 'the id Plesk knows the extension by, for example "wp-toolkit"',
    problem: (value) =>
      textProblem(value) ??
      (EXTENSION_ID.test(String(value).trim())
        ? undefined
        : 'is not an extension id: Plesk\'s ids are letters, digits, "-", "_" and ".", for example "wp-toolkit" (plesk bin extension --list shows them)'),
    normalise: trim,
    description:
      'The id Plesk knows the extension by, for example "wp-toolkit", "letsencrypt", "docker", "git". The resource id. Changing it replaces the resource.',
  },
  url: {
    onChange: "local",
    type: "string",
    problem: (value) => textProblem(value, MAX_URL_CHARS) ?? httpUrlProblem(String(value), "the http(s) URL of the extension's ZIP"),
    normalise: trim,
    description:
      "Install from the extension ZIP at this http(s) URL instead of Plesk's Extensions Catalog. Only says where a new install comes from: changing it changes nothing on the server.",
  },
  installTimeoutSeconds: {
    onChange: "local",
    type: "integer",
    problem: timeoutProblem,
    defaultValue: DEFAULT_INSTALL_TIMEOUT_SECONDS,
    description:
      "How long a create waits for Plesk's install to end, in seconds (default 900); the native plugin takes customTimeouts.create instead when one is set. An install that outlives it goes on in Plesk; the next up adopts what it produced, without installing again.",
  },
  server: SERVER_INPUT,
};

/** Validates and normalises raw inputs. Nothing that fails here ever reaches Plesk. */
export function checkExtensionInputs(raw: Record<string, unknown>): CheckedInputs<ExtensionInputs> {
  return checkFields("Extension", EXTENSION_FIELDS, raw);
}
