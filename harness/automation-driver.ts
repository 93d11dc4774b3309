import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type * as automation from "@pulumi/pulumi/automation";

/**
 * Runs `pulumi up` or `pulumi preview` for the Pulumi project in the working directory through
 * the Automation API, as an inline program: the project's `index.js` is the program, and the
 * Pulumi CLI on PATH does the work. It stands in for the `pulumi` command where the Node.js
 * language host is not available; every other command is run with the CLI itself.
 *
 * Everything is loaded from the project's own node_modules, so the program, the SDK and this
 * package are the copies a user's project would have.
 *
 *   node automation-driver.js up|preview [--stack NAME] [--expect-no-changes] [--parallel N] [--refresh]
 *
 * Without --stack, the stack the CLI has selected (`pulumi stack init` / `select`).
 *
 * Prints the CLI's output as it comes; exits 0 on success, 1 with the CLI's error otherwise.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      stack: { type: "string" },
      "expect-no-changes": { type: "boolean", default: false },
      parallel: { type: "string" },
      refresh: { type: "boolean", default: false },
    },
  });
  const operation = positionals[0];
  if (operation !== "up" && operation !== "preview")
    throw new Error("usage: automation-driver.js up|preview [--stack NAME] [--expect-no-changes] [--parallel N] [--refresh]");

  const projectDir = process.cwd();
  const projectRequire = createRequire(join(projectDir, "package.json"));
  const { LocalWorkspace } = projectRequire("@pulumi/pulumi/automation") as typeof automation;
  const program = async () => projectRequire(join(projectDir, "index.js")) as Record<string, unknown>;
  const workspace = await LocalWorkspace.create({ workDir: projectDir });
  const projectName = (await workspace.projectSettings()).name;
  const stackName = values.stack ?? (await workspace.stack())?.name;
  if (!stackName) throw new Error("no stack selected: run pulumi stack init or pulumi stack select, or pass --stack");
  const stack = await LocalWorkspace.selectStack({ stackName, projectName, program }, { workDir: projectDir });

  const options = {
    onOutput: (text: string) => process.stdout.write(text),
    ...(values["expect-no-changes"] ? { expectNoChanges: true } : {}),
    ...(values.parallel ? { parallel: Number(values.parallel) } : {}),
    ...(values.refresh ? { refresh: true } : {}),
  };
  if (operation === "up") await stack.up(options);
  else await stack.preview(options);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
