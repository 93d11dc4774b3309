import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type GetAppMode, type Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning } from "../../harness/engine-project";
import { REPO_ROOT } from "../../harness/paths";
import { succeeded } from "./succeeded";

/**
 * PreparedDelivery through the CLI, from YAML (the native `getapp` plugin) and TypeScript (the npm
 * package), against the sandbox playing GetApp as its open-source server behaves, in each of its two modes: a
 * software item with default inputs is created, refreshed clean after its URLs expired, and
 * destroyed, the eviction going to v1 whatever version the URL names.
 */
let archives: string[];

beforeAll(() => {
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "pack-plugins.mjs")], { stdio: "pipe" });
  const out = join(REPO_ROOT, "dist", "plugins");
  archives = readdirSync(out).map((file) => join(out, file));
}, 120_000);

const YAML_PROGRAM = `resources:
  navigator:
    type: getapp:index:PreparedDelivery
    properties: { catalogId: navigator-2.4.1, deviceId: device-1, itemType: software }
  north:
    type: getapp:index:PreparedDelivery
    properties: { catalogId: map-north-sector-2026-10, deviceId: device-1, itemType: map }
outputs:
  navigatorArtifacts: \${navigator.artifacts}
`;

const TYPESCRIPT_PROGRAM = `import { PreparedDelivery } from "pulumi-plesk-aps";

const navigator = new PreparedDelivery("navigator", { catalogId: "navigator-2.4.1", deviceId: "device-1", itemType: "software" });
new PreparedDelivery("north", { catalogId: "map-north-sector-2026-10", deviceId: "device-1", itemType: "map" });

export const navigatorArtifacts = navigator.artifacts;
`;

const PROJECTS = {
  YAML: (mode: GetAppMode) => EngineProject.yaml(LANES[0]![1](), pulumiCliDir(), `getapp-${mode}`, YAML_PROGRAM, archives),
  TypeScript: (mode: GetAppMode) => EngineProject.create(LANES[0]![1](), pulumiCliDir(), `getapp-ts-${mode}`, TYPESCRIPT_PROGRAM),
};
type Front = keyof typeof PROJECTS;

const CASES: [Front, GetAppMode][] = [
  ["YAML", "cache"],
  ["YAML", "origin"],
  ["TypeScript", "cache"],
  ["TypeScript", "origin"],
];

describe.each(CASES)("PreparedDelivery from %s against GetApp in %s mode", (front, mode) => {
  let sandbox: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    sandbox = await startSandbox({ manualClock: true, getappMode: mode });
    project = PROJECTS[front](mode);
    succeeded(await project.pulumi("stack", "init", "dev"));
    // A v2 URL: the delivery routes answer on it; eviction must still reach v1.
    for (const args of [
      ["getapp:url", "--", `${sandbox.url}/api/v2`],
      ["--secret", "getapp:deviceAuth", "--", sandbox.credentials.deviceAuth],
      ["getapp:caCert", "--", sandbox.caCert!],
    ])
      succeeded(await project.pulumi("config", "set", ...args));
  }, 900_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("up creates both with default inputs: the software unverified with the reason, the map's gpkg checked", async () => {
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(
      /navigator-2\.4\.1 for device-1: ready, 4 artifact\(s\), 6\.3 MB; 0 SHA-256 checked; not verifiable: 2 no hash announced, 2 not at an HTTP\(S\) URL/,
    );
    expect(up.stdout).toMatch(/map-north-sector-2026-10 for device-1: ready, 2 artifact\(s\), 12\.6 MB; 1 SHA-256 checked/);
    const outputs = JSON.parse(succeeded(await project.pulumi("stack", "output", "--json")).stdout) as {
      navigatorArtifacts: { url: string; verification: string }[];
    };
    expect(outputs.navigatorArtifacts.map((artifact) => artifact.verification)).toEqual([
      "not verified: GetApp announced no hash for it",
      "not verified: GetApp announced no hash for it",
      "not verified: its location is not an HTTP(S) URL (a registry path or a package name)",
      "not verified: its location is not an HTTP(S) URL (a registry path or a package name)",
    ]);
    for (const { url } of outputs.navigatorArtifacts) expect(url).not.toContain("X-Amz-Signature"); // would expire
    if (mode === "cache") expect(sandbox.deliveries.preparationLog().map((entry) => entry.deviceId)).toEqual(["device-1", "device-1"]);
  }, 300_000);

  test("two hours later, every URL GetApp gave has expired, and refresh still finds no change", async () => {
    sandbox.clock.advance(2 * 3_600_000);
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
  }, 300_000);

  test("destroy evicts on v1 and confirms it by the status; origin mode says there is no cache", async () => {
    const destroy = succeeded(await project.pulumi("destroy", "--yes"));
    if (mode === "cache") {
      expect(destroy.stdout).toMatch(/navigator-2\.4\.1 for device-1: evicted from GetApp's cache \(GetApp reports it deleted\)/);
      expect(sandbox.deliveries.statuses()).toEqual({ "navigator-2.4.1": "delete", "map-north-sector-2026-10": "delete" });
    } else {
      expect(destroy.stdout).toMatch(
        /navigator-2\.4\.1 for device-1: GetApp serves deliveries from its origin and keeps no cache \(origin mode\); nothing to evict/,
      );
      expect(sandbox.counts().getappRequests["cache/delete"]).toBeUndefined();
    }
  }, 300_000);
});
