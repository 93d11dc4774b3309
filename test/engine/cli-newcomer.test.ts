import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineProject, LANES, pulumiCliDir } from "../../harness/engine-project";
import { packInto } from "../../harness/package-tarball";
import { REPO_ROOT } from "../../harness/paths";
import { stopSandboxes } from "./sandbox-processes";

/**
 * The newcomer's path, from the README alone: a fresh folder beside a packed pulumi-plesk-aps,
 * the README's consumer-project files written verbatim, then its commands (npm install of the
 * tarball, the sandbox started as it says, stack init, up, refresh) through the real CLI and the
 * Node.js language host. Two changes: `@pulumi/pulumi` is pinned to the lane's version, as the
 * README tells Node 20 users to, and `pulumi login --local` logs in to the test's own backend.
 */
const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

/** The fenced block right after `<!-- consumer-project: NAME ... -->`. */
function consumerBlock(name: string): string {
  const marker = README.indexOf(`<!-- consumer-project: ${name}`);
  expect(marker).toBeGreaterThan(-1);
  const block = /```\w*\n([\s\S]*?)^```$/m.exec(README.slice(marker));
  return block![1];
}

/** The README's first TypeScript block: the minimal program. */
function firstProgram(): string {
  return /^```ts\n([\s\S]*?)^```$/m.exec(README)![1];
}

describe.each(LANES)("the README's consumer project, %s", (_name, makeLane) => {
  test("fresh folder, the README's files and commands: pulumi up creates the extensions, the package and the delivery, with no warning", async () => {
    const lane = makeLane();
    const root = mkdtempSync(join(tmpdir(), `plesk-aps-newcomer-${lane.name}-`));
    const dir = join(root, "my-infra");
    try {
      mkdirSync(join(root, "pulumi-plesk-aps"));
      // The README's npm install names this tarball.
      expect(consumerBlock("index.ts")).toContain(`../pulumi-plesk-aps/${packInto(join(root, "pulumi-plesk-aps"))} `);
      mkdirSync(dir);
      writeFileSync(join(dir, "Pulumi.yaml"), consumerBlock("Pulumi.yaml"));
      writeFileSync(join(dir, "package.json"), consumerBlock("package.json"));
      writeFileSync(join(dir, "index.ts"), firstProgram());
      const project = EngineProject.at(lane, pulumiCliDir(), dir);

      const commands = consumerBlock("index.ts").replace(/ @pulumi\/pulumi(?=\s)/, ` @pulumi/pulumi@${lane.sdkVersion}`);
      const run = await project.shell(commands);
      const output = run.stdout + run.stderr;
      expect({ code: run.code, tail: run.code === 0 ? "" : output.slice(-6000) }).toEqual({ code: 0, tail: "" });
      expect(run.stdout).toMatch(/WordPress 6\.4-2: ready as package \d+/);
      expect(run.stdout).toMatch(/navigator-2\.4\.1 for device-17: ready/);
      expect(run.stdout).toMatch(/extension wp-toolkit 6\.8\.2 installed/);
      expect(run.stdout).toMatch(/extension letsencrypt 3\.2\.6 is installed already: adopted/);
      expect(run.stdout).toMatch(/\+ 5 created/);
      // Pulumi's and the program's output: npm's own notes about install scripts are npm's.
      expect(output.split("\n").filter((line) => /warning/i.test(line) && !/^npm warn /.test(line))).toEqual([]);
      const state = JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources: { type: string }[] } } };
      expect(state.checkpoint.latest.resources.map((resource) => resource.type).sort()).toEqual([
        "pulumi-nodejs:dynamic/getapp:PreparedDelivery",
        "pulumi-nodejs:dynamic/plesk:ApsPackage",
        "pulumi-nodejs:dynamic/plesk:Extension",
        "pulumi-nodejs:dynamic/plesk:Extension",
        "pulumi:providers:pulumi-nodejs",
        "pulumi:pulumi:Stack",
      ]);
    } finally {
      stopSandboxes(join(dir, ".sandbox"));
      rmSync(root, { recursive: true, force: true });
    }
  }, 600_000);
});
