import { startSandbox, type Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning, type Running } from "../../harness/engine-project";
import { succeeded } from "./succeeded";

/**
 * Ids trusted only for what they name, and packages held by several resources, through the real
 * Pulumi CLI: the sandbox plays a Plesk restart (tasks renumbered, package ids reused) while a
 * download runs and between commands, and packages are shared by resources and by stacks.
 */
const WORDPRESS = `{ name: "WordPress", version: "6.4", release: "2", visible: true }`;
const program = (...names: string[]) =>
  `import { ApsPackage } from "pulumi-plesk-aps";\n${names.map((name) => `new ApsPackage("${name}", ${WORDPRESS});`).join("\n")}\n`;

describe.each(LANES)("identity and shared packages through the Pulumi CLI, %s", (_name, makeLane) => {
  let sandbox: Sandbox;
  let project: EngineProject;
  const downloads = () => sandbox.counts().operationsByName["download-package"] ?? 0;
  const write = (text: string) => project.writeProgram(text);
  const resources = (stack = "dev") =>
    (JSON.parse(project.stateFile(stack)) as { checkpoint: { latest: { resources?: { urn: string; id?: string }[] } } }).checkpoint.latest
      .resources ?? [];

  beforeAll(async () => {
    sandbox = await startSandbox({ manualClock: true });
    project = EngineProject.create(makeLane(), pulumiCliDir(), "identity", program("wordpress"));
    for (const stack of ["dev", "second"]) {
      succeeded(await project.pulumi("stack", "init", stack));
      succeeded(await project.pulumi("config", "set", "--stack", stack, "plesk:url", sandbox.url));
      succeeded(await project.pulumi("config", "set", "--stack", stack, "plesk:login", "admin"));
      succeeded(await project.pulumi("config", "set", "--stack", stack, "--secret", "plesk:password", "--", sandbox.credentials.password));
      succeeded(await project.pulumi("config", "set", "--stack", stack, "plesk:caCert", "--", sandbox.caCert!));
    }
    succeeded(await project.pulumi("stack", "select", "dev"));
  }, 900_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  /** Waits for the sandbox to be downloading `name`, while `running` goes on; never a fixed sleep. */
  async function downloading(name: string, running: Running): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!sandbox.taskLog().some((task) => task.name === name)) {
      if (Date.now() > deadline) throw new Error(`no download of ${name} started; output so far:\n${running.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test("Plesk restarts while a download runs and renumbers it: up fails naming both packages and records nothing", async () => {
    const up = project.program("up");
    await downloading("WordPress", up);
    sandbox.aps.restart();
    expect(sandbox.aps.startDownload({ name: "Joomla" }, undefined)).toEqual({ taskId: 1 });
    const failed = await withClockRunning(sandbox, up);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toMatch(
      /WordPress 6\.4-2: download task 1 finished as package 1, which is "Joomla 5\.0\.2-2" .*, not what was asked, and no matching package is on the server/,
    );
    expect(resources().filter((resource) => resource.urn.endsWith("::wordpress"))).toEqual([]);

    const before = downloads();
    succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(downloads() - before).toBe(1);
    expect(sandbox.aps.listPackages().map((pkg) => pkg.name)).toEqual(["Joomla", "WordPress"]);
  }, 300_000);

  test("a refresh that finds the recorded id held by another application drops it; up brings the package back, the other untouched", async () => {
    const recorded = resources().find((resource) => resource.urn.endsWith("::wordpress"))!.id!;
    sandbox.aps.removePackage(Number(recorded));
    sandbox.aps.restart();
    sandbox.aps.startDownload({ name: "Drupal" }, undefined);
    sandbox.clock.advance(600_000);
    expect(sandbox.aps.package(Number(recorded))).toMatchObject({ name: "Drupal", isVisible: true });

    const refresh = succeeded(await project.pulumi("refresh", "--yes"));
    expect(refresh.stdout).toMatch(/- .*wordpress.*deleted/);
    expect(refresh.stdout).toMatch(new RegExp(`package ${recorded} now holds "Drupal [^"]*" .*, not the "WordPress 6\\.4-2" .* recorded`));

    const before = downloads();
    succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(downloads() - before).toBe(1);
    expect(sandbox.aps.package(Number(recorded))).toMatchObject({ name: "Drupal", isVisible: true });
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
  }, 300_000);

  test("two resources hold one package: removing the one that downloaded it leaves it visible for the other", async () => {
    write(program("wordpress", "twin"));
    succeeded(await withClockRunning(sandbox, project.program("up")));
    const packageId = Number(resources().find((resource) => resource.urn.endsWith("::twin"))!.id);
    expect(resources().find((resource) => resource.urn.endsWith("::wordpress"))!.id).toBe(String(packageId));

    write(program("twin"));
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/- .*wordpress.*deleted/);
    expect(up.stdout).toMatch(/left visible, because another resource of this deployment holds it/);
    expect(sandbox.aps.package(packageId)?.isVisible).toBe(true);
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
  }, 300_000);

  test("a second stack that adopted the package leaves it visible when it is destroyed", async () => {
    const packageId = Number(resources().find((resource) => resource.urn.endsWith("::twin"))!.id);
    succeeded(await withClockRunning(sandbox, project.program("up", "--stack", "second")));
    expect(resources("second").find((resource) => resource.urn.endsWith("::twin"))!.id).toBe(String(packageId));

    const destroy = succeeded(await project.pulumi("destroy", "--yes", "--stack", "second"));
    expect(destroy.stdout).toMatch(/left visible: it was on the server before this resource adopted it/);
    expect(sandbox.aps.package(packageId)?.isVisible).toBe(true);
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes", "--stack", "dev"));
  }, 300_000);

  test("a pending download whose task a Plesk restart forgot: one up drops the task, downloads it again and ends with the package", async () => {
    write(
      `import { ApsPackage } from "pulumi-plesk-aps";\nnew ApsPackage("nextcloud", { name: "Nextcloud", downloadTimeoutSeconds: 1 });\n`,
    );
    const pending = await project.program("up").done; // the clock stands still: the download outlives its second
    expect(pending.code).not.toBe(0);
    expect(resources().find((resource) => resource.urn.endsWith("::nextcloud"))!.id).toMatch(/^download-task-\d+$/);
    sandbox.aps.restart(); // the task is forgotten, and nothing of Nextcloud is on the server

    const before = downloads();
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(
      /Nextcloud \(latest\): download task \d+, recorded by an earlier run, no longer names this download in Plesk/,
    );
    expect(downloads() - before).toBe(1);
    expect(sandbox.aps.listPackages().filter((pkg) => pkg.name === "Nextcloud")).toHaveLength(1);
    succeeded(await project.pulumi("refresh", "--yes"));
    expect(resources().find((resource) => resource.urn.endsWith("::nextcloud"))!.id).toMatch(/^\d+$/);
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
  }, 300_000);
});
