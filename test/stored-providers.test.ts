import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { APS_PACKAGE, EXTENSION, installedLoading, PREPARED_DELIVERY, type Loading } from "../harness/loadings";
import { ProviderHost, urnOf, withoutProviderSettings, type Props } from "../harness/provider-host";
import { sandboxStackConfig } from "../harness/sandbox-config";
import { startSandbox, type Sandbox } from "../sandbox";

/**
 * The provider text Pulumi stores with every resource is run by later versions of this package:
 * `pulumi refresh` and `pulumi destroy` load it against whatever is installed then. What it may
 * reach is pinned here, and states written by earlier versions must keep working. These tests
 * stay forever; a failure means an upgrade would break existing stacks.
 */

const FIXTURES = join(__dirname, "fixtures", "stored-providers");
const RULE = 'see docs/development.md, "Compatibility of stored providers", before changing what a stored provider reaches';

interface Interface {
  readonly requires: Record<string, string[]>;
  readonly exports: Record<string, string[]>;
}
interface StoredResource {
  readonly type: string;
  readonly name: string;
  readonly case: string;
  readonly id: string;
  readonly outputs: Props;
}

const pinned = JSON.parse(readFileSync(join(FIXTURES, "interface.json"), "utf8")) as Interface;
let loading: Loading;

beforeAll(async () => {
  loading = await installedLoading();
}, 240_000);

afterAll(() => loading?.remove());

test("a stored provider requires only the stable entry modules", () => {
  const requiresOf = (text: string) => [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]))].sort();
  const actual = {
    [APS_PACKAGE]: requiresOf(loading.providerText),
    [PREPARED_DELIVERY]: requiresOf(loading.deliveryProviderText),
    [EXTENSION]: requiresOf(loading.extensionProviderText),
  };
  expect({ rule: RULE, requires: actual }).toEqual({ rule: RULE, requires: pinned.requires });
  expect(loading.providerText.length).toBeLessThan(1024);
});

test("each entry module loads by its package name and exports exactly its pinned names", () => {
  const projectRequire = createRequire(join(loading.projectDir, "package.json"));
  for (const [specifier, names] of Object.entries(pinned.exports)) {
    const exported = Object.keys(projectRequire(specifier) as object)
      .filter((name) => name !== "__esModule")
      .sort();
    expect({ rule: RULE, module: specifier, exports: exported }).toEqual({ rule: RULE, module: specifier, exports: names });
  }
});

describe.each(["0.2.0"])("a state written by version %s", (version) => {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, `state-${version}.json`), "utf8")) as { resources: StoredResource[] };
  let sandbox: Sandbox;
  let host: ProviderHost;

  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 1000 });
    host = await ProviderHost.start({ projectDir: loading.projectDir, env: withoutProviderSettings(process.env) });
    await host.configure(sandboxStackConfig(sandbox));
  });
  afterAll(async () => {
    await host?.close();
    await sandbox?.close();
  });

  test.each(fixture.resources.map((resource) => [resource.case, resource] as const))(
    "%s refreshes and destroys with its stored provider",
    async (_case, resource) => {
      const urn = urnOf(resource.type, resource.name);
      // Refreshed against a server that has none of it: the stored provider loads, asks, and reads it as gone.
      const refreshed = await host.read(urn, resource.id, resource.outputs);
      expect(refreshed.id).toBe("");
      await expect(host.delete(urn, resource.id, resource.outputs)).resolves.toBeUndefined();
    },
  );
});

describe.each(["0.2.0"])("a state written by version %s, against a server holding what it records", (version) => {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, `state-${version}.json`), "utf8")) as { resources: StoredResource[] };
  const resource = (name: string) => fixture.resources.find((stored) => stored.name === name)!;
  let sandbox: Sandbox;

  /** A server with the created package as package 1, the pending download as task 2, and the delivery prepared. */
  async function serverOfTheState(): Promise<Sandbox> {
    const server = await startSandbox({ manualClock: true, firstTaskId: 2 });
    const wordpress = resource("wordpress").outputs;
    server.aps.addPackage({
      id: 1,
      name: String(wordpress.name),
      version: String(wordpress.version),
      release: String(wordpress.release),
      vendor: String(wordpress.vendor),
      packager: String(wordpress.packager),
      isUploaded: false,
      isVisible: true,
      globalSettingsNotSet: false,
    });
    expect(server.aps.startDownload({ name: "Nextcloud" }, undefined)).toEqual({ taskId: 2 });
    server.deliveries.prepare("navigator-2.4.1", "software", server.url);
    server.clock.advance(3_600_000);
    return server;
  }

  async function commandHost(): Promise<ProviderHost> {
    const host = await ProviderHost.start({ projectDir: loading.projectDir, env: withoutProviderSettings(process.env) });
    await host.configure(sandboxStackConfig(sandbox));
    return host;
  }

  beforeAll(async () => {
    sandbox = await serverOfTheState();
  });
  afterAll(() => sandbox?.close());

  test("refresh keeps each live resource, settles the finished download, and sees a drift", async () => {
    sandbox.aps.updatePackage(1, { isVisible: false }); // drift made on the server
    const host = await commandHost(); // pulumi refresh
    try {
      const urn = (stored: StoredResource) => urnOf(stored.type, stored.name);
      const wordpress = await host.read(urn(resource("wordpress")), "1", resource("wordpress").outputs);
      expect(wordpress).toMatchObject({ id: "1", properties: { name: "WordPress", version: "6.4", isVisible: false, visible: true } });
      const nextcloud = await host.read(urn(resource("nextcloud")), "download-task-2", resource("nextcloud").outputs);
      expect(nextcloud).toMatchObject({ id: "2", properties: { name: "Nextcloud", packageId: "2", downloadTaskId: "2" } });
      const navigator = await host.read(urn(resource("navigator")), "navigator-2.4.1", resource("navigator").outputs);
      expect(navigator).toMatchObject({ id: "navigator-2.4.1", properties: { status: "done", catalogId: "navigator-2.4.1" } });
    } finally {
      await host.close();
    }
  });

  test("destroy retains the packages on the server and evicts the delivery", async () => {
    const host = await commandHost(); // pulumi destroy
    try {
      for (const stored of fixture.resources) await host.delete(urnOf(stored.type, stored.name), stored.id, stored.outputs);
    } finally {
      await host.close();
    }
    expect(sandbox.aps.package(1)).toMatchObject({ name: "WordPress", version: "6.4" });
    expect(sandbox.aps.package(2)).toMatchObject({ name: "Nextcloud" });
    expect(sandbox.deliveries.status("navigator-2.4.1", sandbox.url).status).toBe("delete");
  });
});
