import { startSandbox, type Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning } from "../../harness/engine-project";
import { succeeded } from "./succeeded";

/**
 * Plesk releases the provider may meet, played by the sandbox, through the real Pulumi CLI: one
 * that takes the `aps` operator only at packet version 1.6.2.0 (as Plesk documents it, up to
 * Onyx 17.5), and one that does not offer it at all.
 */
const PROGRAM = `import { ApsPackage } from "pulumi-plesk-aps";

new ApsPackage("wordpress", { name: "WordPress", version: "6.4", release: "2" });
new ApsPackage("joomla", { name: "Joomla" });
`;

describe.each(LANES)("Plesk versions through the Pulumi CLI, %s", (_name, makeLane) => {
  let onyx: Sandbox;
  let withoutAps: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    onyx = await startSandbox({ manualClock: true, apsOperator: "up-to-1.6.2.0" });
    withoutAps = await startSandbox({ manualClock: true, apsOperator: "none", pleskVersion: "18.0.62" });
    project = EngineProject.create(makeLane(), pulumiCliDir(), "versions", PROGRAM);
  }, 900_000);

  afterAll(async () => {
    await onyx?.close();
    await withoutAps?.close();
    project?.remove();
  });

  async function stackFor(stack: string, sandbox: Sandbox): Promise<void> {
    succeeded(await project.pulumi("stack", "init", stack));
    for (const args of [
      ["plesk:url", sandbox.url],
      ["plesk:login", "admin"],
      ["--secret", "plesk:password", "--", sandbox.credentials.password],
      ["plesk:caCert", "--", sandbox.caCert!],
    ]) {
      succeeded(await project.pulumi("config", "set", ...args));
    }
  }

  test("a server that takes aps only at 1.6.2.0: up creates each package with one download-package, and says so once", async () => {
    await stackFor("onyx", onyx);
    const up = succeeded(await withClockRunning(onyx, project.program("up")));
    expect(up.stdout).toMatch(/\+ 3 created/);
    expect(onyx.counts().operationsByName["download-package"]).toBe(2);
    const diagnostics = up.stdout.slice(up.stdout.indexOf("Diagnostics:"));
    expect(diagnostics.match(/refused the aps operator at XML API version 1\.6\.9\.1/g)).toHaveLength(1);
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
  }, 300_000);

  test("a server without aps: up fails with one error naming it and its Plesk version, and records no package", async () => {
    await stackFor("without-aps", withoutAps);
    const up = await withClockRunning(withoutAps, project.program("up"));
    expect(up.code).not.toBe(0);
    expect(up.stdout).toMatch(
      /does not offer the XML API aps operator \(documented for Plesk 9\.0\.1 to Onyx 17\.5, XML API 1\.6\.0\.1 to 1\.6\.2\.0\), needed to manage APS packages: it refused it at packet versions 1\.6\.9\.1 and 1\.6\.2\.0 .*The server reports Plesk 18\.0\.62\./,
    );
    const state = JSON.parse(project.stateFile("without-aps")) as { checkpoint: { latest: { resources?: { type: string }[] } } };
    expect((state.checkpoint.latest.resources ?? []).filter((resource) => resource.type.endsWith("ApsPackage"))).toEqual([]);
    expect(withoutAps.taskLog()).toEqual([]);
  }, 300_000);
});
