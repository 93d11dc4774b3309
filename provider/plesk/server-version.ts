import { childText, children, type XmlElement } from "./packet";

/** `<server><get><stat/></get></server>`: the part of the server's statistics that names its Plesk version. */
export const STAT_REQUEST = { operator: "server", operation: "get", bodies: [{ stat: "" }] } as const;

/**
 * `Plesk 18.0.61` from the answer's `stat/version/plesk_version`, or undefined when it is not
 * there. Not from `plesk_name`: real servers send `psa` there, not a product name.
 */
export function pleskVersionOf(getElements: readonly XmlElement[]): string | undefined {
  const result = getElements.flatMap((get) => children(get, "result"))[0];
  const version = result && children(result, "stat").flatMap((stat) => children(stat, "version"))[0];
  const number = version && childText(version, "plesk_version");
  return number ? `Plesk ${number}` : undefined;
}
