/** Why a text input cannot be used, or undefined when it can. */
export function textProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `must be a string, not ${describeValue(value)}`;
  if (value.trim() === "") return "must not be empty or blank";
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f]/.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return `contains the control character U+${code}, which cannot be sent to the server; remove it`;
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
