/** How the bench's tables write figures and verdicts. */
export const ms = (value: number) => `${Math.round(value)} ms`;
export const mb = (value: number) => `${value.toFixed(0)} MB`;
export const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString("en")} kB`;
/** A ratio: two decimals below 10, none above. */
export const times = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)}x`;
export const verdict = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "pass" : "FAIL");
