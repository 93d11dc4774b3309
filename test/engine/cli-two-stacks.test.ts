import { startSandbox, type Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning } from "../../harness/engine-project";
import { succeeded } from "./succeeded";

/**
 * Two stacks of one program against one Plesk server, `pulumi up` started at the same instant on
 * a slow panel: each package is downloaded once, and the stack that did not download it adopts
 * what the other's download produced (docs/reliability.md, "Two runs at once").
 */
const PROGRAM = `import { ApsPackage } from "pulumi-plesk-aps";

new ApsPackage("wordpress", { name: "WordPress", version: "6.4", release: "2" });
new ApsPackage("joomla", { name: "Joomla" });
new ApsPackage("drupal", { name: "Drupal" });
`;

describe.each([150, 400])("two stacks started together on a panel answering in %i ms", (latencyMs) => {
  let sandbox: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    sandbox = await startSandbox({ manualClock: true, requestLatencyMs: latencyMs });
    project = EngineProject.create(LANES[0]![1](), pulumiCliDir(), "two-stacks", PROGRAM);
    for (const stack of ["a", "b"]) {
      succeeded(await project.pulumi("stack", "init", stack));
      for (const args of [
        ["plesk:url", "--", sandbox.url],
        ["plesk:login", "admin"],
        ["--secret", "plesk:password", "--", sandbox.credentials.password],
        ["plesk:caCert", "--", sandbox.caCert!],
      ])
        succeeded(await project.pulumi("config", "set", "--stack", stack, ...args));
    }
  }, 900_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("each package is downloaded once; the other stack adopts it", async () => {
    const runs = ["a", "b"].map((stack) => project.program("up", "--stack", stack));
    const results = await Promise.all(runs.map((run) => withClockRunning(sandbox, run)));
    results.forEach(succeeded);
    expect(
      sandbox
        .taskLog()
        .map((task) => task.name)
        .sort(),
    ).toEqual(["Drupal", "Joomla", "WordPress"]);
    // Each package is held by both stacks under one id; one of them downloaded it, the other adopted it.
    const packages = (stack: string) =>
      (
        JSON.parse(project.stateFile(stack)) as {
          checkpoint: { latest: { resources: { type: string; id?: string; outputs: { name: string; adopted: boolean } }[] } };
        }
      ).checkpoint.latest.resources
        .filter((resource) => resource.type.endsWith("ApsPackage"))
        .map((resource) => ({ name: resource.outputs.name, id: resource.id, adopted: resource.outputs.adopted }));
    const [a, b] = [packages("a"), packages("b")];
    for (const name of ["WordPress", "Joomla", "Drupal"]) {
      const [inA, inB] = [a.find((pkg) => pkg.name === name)!, b.find((pkg) => pkg.name === name)!];
      expect(inA.id).toBe(inB.id);
      expect([inA.adopted, inB.adopted].sort()).toEqual([false, true]);
    }
  }, 600_000);
});
