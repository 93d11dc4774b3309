import type { SandboxClock } from "./clock";

/** One extension of Plesk's Extensions Catalog, as the sandbox offers it. */
export interface CatalogExtension {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly release: string;
}

/** An extension on the panel, as `<extension><get>` reports it. */
export interface InstalledExtension {
  readonly id: string;
  readonly name: string;
  version: string;
  release: string;
  active: boolean;
}

/** Where an install comes from: the catalog by id, or a ZIP by URL. */
export type InstallSource = { readonly id: string } | { readonly url: string };

/** How an install ended, and when (simulated ms): the answer waits until then. */
export type InstallOutcome =
  | { readonly ok: true; readonly endsAt: number }
  | { readonly ok: false; readonly endsAt: number; readonly errcode: number; readonly errtext: string };

/** One install the panel ran: for tests that count them. */
export interface InstallLogEntry {
  readonly source: InstallSource;
  /** The extension the install produced, when it produced one. */
  readonly id?: string;
  readonly startedAt: number;
  readonly endsAt: number;
  readonly ok: boolean;
}

/** The few real extensions operators install, with versions of late 2026. */
export const DEMO_EXTENSIONS: readonly CatalogExtension[] = [
  { id: "wp-toolkit", name: "WP Toolkit", version: "6.8.2", release: "9140" },
  { id: "letsencrypt", name: "Let's Encrypt", version: "3.2.6", release: "2413" },
  { id: "docker", name: "Docker", version: "1.9.4", release: "731" },
  { id: "git", name: "Git", version: "2.5.1", release: "1122" },
  { id: "nodejs", name: "Node.js Toolkit", version: "2.4.3", release: "640" },
  { id: "imunify360", name: "Imunify360", version: "8.4.1", release: "3" },
  { id: "sslit", name: "SSL It! & Security <Advisor>", version: "1.19.0", release: "2217" },
];

/** A ZIP URL names the extension it holds: `…/git.zip` or `…/git-2.5.1.zip`. */
const ZIP_NAME = /\/([a-z0-9][a-z0-9_-]*?)(?:-\d[\w.]*)?\.zip$/i;

export interface ExtensionFaults {
  /** Install refusals by id or URL: the answer comes after the install time with this error. */
  readonly failingInstalls: Map<string, { readonly errcode: number; readonly errtext: string }>;
  /** `get` answers one `result` holding every `details`, as the 1.6.9.1 schema allows, instead of one `result` each. */
  groupedGetAnswers: boolean;
}

/**
 * The panel's extensions: what is installed, what is being installed, and the catalog installs
 * come from. An install is synchronous in Plesk; here it ends `installSeconds` of simulated time
 * after it starts, whether or not anyone still waits for the answer.
 */
export class ExtensionServerState {
  readonly installed = new Map<string, InstalledExtension>();
  readonly faults: ExtensionFaults = { failingInstalls: new Map(), groupedGetAnswers: false };
  /** Simulated seconds one install takes. */
  installSeconds: number;
  private readonly running: { readonly entry: InstallLogEntry; readonly produces?: CatalogExtension }[] = [];
  private readonly log: InstallLogEntry[] = [];

  constructor(
    private readonly clock: SandboxClock,
    readonly catalog: readonly CatalogExtension[],
    installSeconds: number,
  ) {
    this.installSeconds = installSeconds;
  }

  /** Starts an install; what it comes to is known now, and takes effect when it ends. */
  install(source: InstallSource): InstallOutcome {
    this.settle();
    const startedAt = this.clock.now();
    const endsAt = startedAt + this.installSeconds * 1000;
    const asked = "id" in source ? source.id : source.url;
    const refusal = this.refusalOf(source);
    const failing = this.faults.failingInstalls.get(asked);
    if (refusal ?? failing) {
      const { errcode, errtext } = (refusal ?? failing)!;
      this.log.push({ source, startedAt, endsAt, ok: false });
      return { ok: false, endsAt, errcode, errtext };
    }
    const extension = this.fromSource(source)!;
    const entry: InstallLogEntry = { source, id: extension.id, startedAt, endsAt, ok: true };
    this.log.push(entry);
    this.running.push({ entry, produces: extension });
    return { ok: true, endsAt };
  }

  /** Every extension installed now, in the order they were installed. */
  list(): InstalledExtension[] {
    this.settle();
    return [...this.installed.values()];
  }

  uninstall(id: string): boolean {
    this.settle();
    return this.installed.delete(id);
  }

  /** Plesk's own update of an installed extension: a newer version and release. */
  updateByPlesk(id: string): InstalledExtension | undefined {
    this.settle();
    const extension = this.installed.get(id);
    if (!extension) return undefined;
    const parts = extension.version.split(".");
    parts[parts.length - 1] = String(Number(parts[parts.length - 1] ?? "0") + 1);
    extension.version = parts.join(".");
    extension.release = String(Number(extension.release) + 1);
    return extension;
  }

  /** Every install the panel ran, oldest first. */
  installLog(): InstallLogEntry[] {
    this.settle();
    return this.log.map((entry) => ({ ...entry }));
  }

  /** Installs whose time has come take effect. */
  settle(): void {
    const now = this.clock.now();
    for (let i = 0; i < this.running.length;) {
      const { entry, produces } = this.running[i]!;
      if (entry.endsAt > now) {
        i++;
        continue;
      }
      if (produces) this.installed.set(produces.id, { ...produces, active: true });
      this.running.splice(i, 1);
    }
  }

  /** Plesk's own refusals (texts are our assumption, PROTOCOL.md §6): an unknown id, a URL it cannot fetch, an install already running. */
  private refusalOf(source: InstallSource): { errcode: number; errtext: string } | undefined {
    const extension = this.fromSource(source);
    if ("id" in source && !extension) return { errcode: 1013, errtext: `Extension ${source.id} was not found in the catalog` };
    if ("url" in source && !extension) return { errcode: 1023, errtext: `Unable to download the extension from ${source.url}` };
    if (this.running.some((run) => run.produces?.id === extension!.id))
      return { errcode: 1023, errtext: `The extension ${extension!.id} is being installed already` };
    return undefined;
  }

  private fromSource(source: InstallSource): CatalogExtension | undefined {
    const id = "id" in source ? source.id : ZIP_NAME.exec(new URL(source.url, "http://invalid/").pathname)?.[1];
    return this.catalog.find((extension) => extension.id === id);
  }
}
