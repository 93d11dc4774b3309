import { readFileSync } from "node:fs";
import { join } from "node:path";
import demoCatalog from "../../sandbox/demo-catalog.json";
import { parseRequestTree, type RequestElement } from "../../sandbox/request-tree";

/** A request or answer sample from Plesk's documentation, byte for byte. */
export function sample(name: string): string {
  return readFileSync(join(__dirname, "..", "fixtures", "plesk-samples", `${name}.xml`), "utf8");
}

/** An element tree with whitespace-only text dropped and attributes left out, for comparison. */
export interface ComparableElement {
  readonly name: string;
  readonly text: string;
  readonly children: readonly ComparableElement[];
}

export function comparable(xml: string | RequestElement): ComparableElement {
  const element = typeof xml === "string" ? parseRequestTree(xml) : xml;
  return { name: element.name, text: element.text.trim(), children: element.children.map(comparable) };
}

/** The one package of the "all packages" sample answer (003-list-server-one), without its id. */
export const SEED_TYPO3 = {
  name: "typo3",
  version: "4.4.2",
  release: "5",
  vendor: "http://typo3.org/",
  packager: "http://plesk.com/",
  isUploaded: false,
  isVisible: false,
  globalSettingsNotSet: false,
} as const;

/** The applications of the sandbox's default catalog, in its order: what a test can download. */
export const DEMO_APPLICATIONS: readonly string[] = demoCatalog.catalogs[0].applications.map((application) => application.name);
