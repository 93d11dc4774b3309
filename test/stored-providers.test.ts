import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { APS_PACKAGE, installedLoading, PREPARED_DELIVERY, type Loading } from "../harness/loadings";
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
  const actual = { [APS_PACKAGE]: requiresOf(loading.providerText), [PREPARED_DELIVERY]: requiresOf(loading.deliveryProviderText) };
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
