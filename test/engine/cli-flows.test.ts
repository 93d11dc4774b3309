import { execFileSync } from "node:child_process";
import { startSandbox, type Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning } from "../../harness/engine-project";
import { succeeded } from "./succeeded";

/**
 * Every user-facing flow through the real Pulumi CLI (built from its Go module by
 * scripts/engine-tools.sh), against the sandbox, on two lanes: the machine's Node 20 with the
 * pinned development @pulumi/pulumi, and Node 24 with the newest @pulumi/pulumi. The package is
 * installed from its `npm pack` tarball. Assertions are on the CLI's exit codes and output, the
 * state file on disk and the sandbox's request counts; time moves on the sandbox's manual clock.
 */

const PROGRAM = `import { ApsPackage, PreparedDelivery } from "pulumi-plesk-aps";

const wordpress = new ApsPackage("wordpress", { name: "WordPress", version: "6.4", release: "2"__WP_OPTIONS__ });
const joomla = new ApsPackage("joomla", { name: "Joomla" });
const nextcloud = new ApsPackage("nextcloud", { name: "Nextcloud", visible: false });
const navigator = new PreparedDelivery("navigator", { catalogId: "navigator-2.4.1", deviceId: "device-17", itemType: "software" });

export const nodeVersion = process.version;
export const packageIds = { wordpress: wordpress.packageId, joomla: joomla.packageId, nextcloud: nextcloud.packageId };
export const navigatorStatus = navigator.status;
`;

const PASSWORD = `Pw-${Math.random().toString(36).slice(2)}-engine`;
const DEVICE_AUTH = `Da-${Math.random().toString(36).slice(2)}-engine`;
const SECRET_KEY = `Sk-${Math.random().toString(36).slice(2)}-engine`;

describe.each(LANES)("the Pulumi CLI, %s", (_name, makeLane) => {
  let sandbox: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    const cli = pulumiCliDir();
    sandbox = await startSandbox({ manualClock: true, password: PASSWORD, secretKey: SECRET_KEY, deviceAuth: DEVICE_AUTH });
    project = EngineProject.create(makeLane(), cli, "quickstart", program());
  }, 900_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  function program(wordpressOptions = ""): string {
    return PROGRAM.replace("__WP_OPTIONS__", wordpressOptions);
  }

  const downloads = () => sandbox.counts().operationsByName["download-package"] ?? 0;

  test("the README recipe: stack init, config set (secrets too), up with progress, stack output", async () => {
    // Login and password as the README sets them, and a secret key, which wins over them.
    for (const args of [
      ["stack", "init", "dev"],
      ["config", "set", "plesk:url", sandbox.url],
      ["config", "set", "plesk:login", "admin"],
      ["config", "set", "--secret", "plesk:password", PASSWORD],
      ["config", "set", "--secret", "plesk:secretKey", SECRET_KEY],
      ["config", "set", "plesk:caCert", "--", sandbox.caCert!],
      ["config", "set", "getapp:url", sandbox.url],
      ["config", "set", "--secret", "getapp:deviceAuth", DEVICE_AUTH],
      ["config", "set", "getapp:caCert", "--", sandbox.caCert!],
    ]) {
      succeeded(await project.pulumi(...args));
    }

    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/info: .*WordPress 6\.4-2: ready as package \d+/);
    expect(up.stdout).toMatch(
      /info: .*navigator-2\.4\.1 for device-17: ready, 4 artifact\(s\), 6\.3 MB; 0 SHA-256 checked; not verifiable: 2 no hash announced, 2 not at an HTTP\(S\) URL/,
    );
    expect(up.stdout).toMatch(/\+ 5 created/);

    const outputs = await project.pulumi("stack", "output", "--json");
    expect(outputs.code).toBe(0);
    const ids = JSON.parse(outputs.stdout) as { packageIds: Record<string, string>; navigatorStatus: string; nodeVersion: string };
    expect(ids.navigatorStatus).toBe("done");
    expect(ids.nodeVersion).toBe(execFileSync(project.lane.node, ["--version"], { encoding: "utf8" }).trim());
    for (const name of ["wordpress", "joomla", "nextcloud"]) expect(sandbox.aps.package(Number(ids.packageIds[name]))).toBeDefined();
    expect(downloads()).toBe(3);
  }, 300_000);

  test("right after up, preview and refresh both expect no changes and find none", async () => {
    succeeded(await project.program("preview", "--expect-no-changes").done);
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
    expect(downloads()).toBe(3);
  }, 300_000);

  test("drift: an id that came to hold another package, and a removed package, are created again with one download each", async () => {
    const ids = JSON.parse((await project.pulumi("stack", "output", "--json")).stdout) as { packageIds: Record<string, string> };
    sandbox.aps.updatePackage(Number(ids.packageIds.wordpress), { version: "6.5" });
    sandbox.aps.removePackage(Number(ids.packageIds.joomla));

    const refresh = await project.pulumi("refresh", "--yes");
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toMatch(/- .*wordpress.*deleted/);
    expect(refresh.stdout).toMatch(/- .*joomla.*deleted/);
    expect(refresh.stdout).toMatch(/WordPress 6\.4-2: package \d+ now holds "WordPress 6\.5-2" .*; read as gone/);

    const before = downloads();
    const up = await withClockRunning(sandbox, project.program("up"));
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/\+ .*wordpress.*created/);
    expect(up.stdout).toMatch(/\+ .*joomla.*created/);
    expect(downloads() - before).toBe(2);

    const again = await project.pulumi("refresh", "--yes", "--expect-no-changes");
    expect(again.code).toBe(0);
  }, 300_000);

  test("a download past its deadline fails up, is kept with a loadable provider, and the next up resumes it", async () => {
    project.writeProgram(program(", downloadTimeoutSeconds: 1"));
    const ids = JSON.parse((await project.pulumi("stack", "output", "--json")).stdout) as { packageIds: Record<string, string> };
    sandbox.aps.removePackage(Number(ids.packageIds.wordpress));
    await project.pulumi("refresh", "--yes");

    const before = downloads();
    const failed = await project.program("up").done; // the clock stands still: the download cannot finish
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(
      /WordPress 6\.4-2: still downloading after 1 s \(downloadTimeoutSeconds\)\. Download task \d+ goes on in Plesk/,
    );
    const state = JSON.parse(project.stateFile()) as {
      checkpoint: { latest: { resources: { urn: string; id?: string; initErrors?: string[]; outputs?: Record<string, unknown> }[] } };
    };
    const pending = state.checkpoint.latest.resources.find((resource) => resource.urn.endsWith("::wordpress"))!;
    expect(pending.id).toMatch(/^download-task-\d+$/);
    expect(pending.initErrors?.[0]).toMatch(/still downloading/);
    expect(typeof pending.outputs?.__provider).toBe("string");

    const refresh = await project.pulumi("refresh", "--yes");
    expect(refresh.code).toBe(0);

    project.writeProgram(program());
    const resumed = await withClockRunning(sandbox, project.program("up"));
    expect(resumed.code).toBe(0);
    expect(downloads() - before).toBe(1);
  }, 300_000);

  test("no credential is in the state file on disk or in anything the CLI printed", () => {
    const state = project.stateFile();
    expect(state).toContain("WordPress"); // the state is really there
    const everything = state + project.transcript.join("\n");
    expect(everything).toContain("ready as package");
    for (const secret of [PASSWORD, SECRET_KEY, DEVICE_AUTH]) expect(everything).not.toContain(secret);
  });

  test("destroy leaves the packages, hides the one whose visibility was managed, evicts the delivery, and empties the stack", async () => {
    const ids = JSON.parse((await project.pulumi("stack", "output", "--json")).stdout) as { packageIds: Record<string, string> };
    sandbox.aps.updatePackage(Number(ids.packageIds.nextcloud), { isVisible: true });
    const destroy = await project.pulumi("destroy", "--yes");
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toMatch(/WordPress 6\.4-2: package \d+ stays on the server \(Plesk has no API to remove APS packages\)/);
    for (const name of ["wordpress", "joomla", "nextcloud"]) expect(sandbox.aps.package(Number(ids.packageIds[name]))).toBeDefined();
    expect(sandbox.aps.package(Number(ids.packageIds.nextcloud))?.isVisible).toBe(false);
    expect(sandbox.counts().getappRequests["cache/delete"]).toBe(1);
    expect(destroy.stdout).toMatch(/navigator-2\.4\.1 for device-17: evicted from GetApp's cache \(GetApp reports it deleted\)/);
    expect(sandbox.deliveries.statuses()["navigator-2.4.1"]).toBe("delete");
    const state = JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources?: unknown[] } } };
    expect(state.checkpoint.latest.resources ?? []).toEqual([]);
  }, 300_000);
});
