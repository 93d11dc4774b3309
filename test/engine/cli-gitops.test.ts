import { spawn } from "node:child_process";
import { join } from "node:path";
import { EngineProject, LANES, pulumiCliDir } from "../../harness/engine-project";
import { REPO_ROOT } from "../../harness/paths";

/**
 * examples/gitops/rehearse.sh: the pipeline's steps (preview, up, drift check, drift made on the
 * server, the drift check failing, reconciliation) with the real Pulumi CLI against the sandbox
 * it starts, each step the CLI's own command, as the pipeline runs them.
 */
const PROGRAM = `import { ApsPackage } from "pulumi-plesk-aps";
new ApsPackage("wordpress", { name: "WordPress", version: "6.4", release: "2" });
new ApsPackage("joomla", { name: "Joomla" });
`;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe.each(LANES)("the GitOps rehearsal, %s", (_name, makeLane) => {
  let project: EngineProject;

  beforeAll(() => {
    project = EngineProject.create(makeLane(), pulumiCliDir(), "gitops", PROGRAM);
  }, 900_000);

  afterAll(() => project?.remove());

  test("preview, up, a passing drift check, drift, a failing drift check, reconciliation, a passing drift check", async () => {
    const { code, output } = await run("bash", [join(REPO_ROOT, "examples", "gitops", "rehearse.sh")], project.dir, project.env());
    expect({ code, tail: code === 0 ? "" : output.slice(-4000) }).toEqual({ code: 0, tail: "" });
    const steps = output.split("\n").filter((line) => line.startsWith("== "));
    expect(steps).toEqual([
      "== start the sandbox",
      "== 1. preview (pull request)",
      "== 2. up (main)",
      "== 3. drift check: nothing drifted",
      "== 4. drift: a package removed on the server",
      "== 5. drift check: must fail",
      "== 6. reconcile (the next up, with refresh)",
      "== 7. drift check: nothing drifted",
    ]);
    expect(output).toMatch(/WordPress 6\.4-2: ready as package \d+/);
    expect(output).toContain("the drift check failed, as it should");
    expect(output).toMatch(/rehearsal passed\n$/);
    // A CI log: plain lines, no terminal control sequences.
    expect(output.includes(String.fromCharCode(27))).toBe(false);
  }, 600_000);
});
