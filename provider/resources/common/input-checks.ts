/**
 * The longest text input accepted: catalog names, versions, vendors and ids are short, and a
 * value far longer is a mistake that would otherwise travel to the server and back in errors.
 */
export const MAX_TEXT_CHARS = 255;
export const MAX_URL_CHARS = 2048;

/** Characters XML 1.0 does not allow (U+FFFE, U+FFFF, a surrogate half alone): no packet may carry them. */
const NOT_XML = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text input cannot be used, or undefined when it can. The value is not quoted: it may be very long. */
export function textProblem(value: unknown, maxChars = MAX_TEXT_CHARS): string | undefined {
  if (typeof value !== "string") return `must be a string, not ${describeValue(value)}`;
  if (value.trim() === "") return "must not be empty or blank";
  if (value.length > maxChars) return `is ${value.length} characters long; at most ${maxChars} are accepted`;
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f]/.exec(value) ?? NOT_XML.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    const kind = control[0] <= "\u007f" ? "the control character" : "the character";
    return `contains ${kind} U+${code}, which XML 1.0 does not allow and so cannot be sent to the server; remove it`;
  }
  return undefined;
}

/** Why a switch cannot be used, or undefined when it can. */
export function booleanProblem(value: unknown): string | undefined {
  return typeof value === "boolean" ? undefined : `must be true or false, not ${describeValue(value)}`;
}

/** A value as an error message quotes it. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `the string "${value}"`;
  if (Array.isArray(value)) return "a list";
  return value === null ? "null" : `${typeof value} ${JSON.stringify(value)}`;
}

export const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** Why a timeout in seconds cannot be used: it must be above 0 and at most a week. */
export function timeoutProblem(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value > 0 && value <= MAX_TIMEOUT_SECONDS) return undefined;
  return `must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (a week), not ${describeValue(value)}`;
}

/** Why a value cannot be an http(s) URL; `giveWhat` says what to give instead ("the catalog URL …"). */
export function httpUrlProblem(value: string, giveWhat: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `"${value}" is not a URL; give ${giveWhat}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// URL, not "${url.protocol}"`;
  return undefined;
}
