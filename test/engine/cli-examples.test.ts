import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EngineProject, LANES, pulumiCliDir } from "../../harness/engine-project";
import { REPO_ROOT } from "../../harness/paths";
import { stopSandboxes } from "./sandbox-processes";

/**
 * Each example as a user runs it: the folder copied out of the repository (its dependency
 * pointed at this package's tarball), then the shell block of its README, verbatim, with the
 * real Pulumi CLI and the real Node.js language host: npm install, the sandbox started as the
 * README starts it, stack init, up, refresh --expect-no-changes, destroy.
 */

/** What each example's `pulumi up` must create (the Stack included) and say. */
const EXAMPLES = {
  quickstart: { created: 4, lines: [/WordPress 6\.4-2: ready as package \d+/, /Joomla [\d.]+-\d+: ready/, /Nextcloud [\d.]+-\d+: ready/] },
  delivery: {
    created: 3,
    lines: [/navigator-2\.4\.1 for device-17: ready, 4 artifact\(s\)/, /map-north-sector-2026-10 for device-17: ready/],
  },
  fleet: {
    created: 5,
    lines: [
      /WordPress 6\.4-2 on web1: ready/,
      /Joomla [\d.]+-\d+ on web1: ready/,
      /WordPress 6\.4-2 on web2: ready/,
      /Nextcloud [\d.]+-\d+ on web3: ready/,
    ],
  },
} as const;

/** The README's one `sh` block. */
function readmeScript(example: string): string {
  const readme = readFileSync(join(REPO_ROOT, "examples", example, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

describe.each(LANES)("the examples as users run them, %s", (_name, makeLane) => {
  test.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])(
    "examples/%s: the README's commands create what it declares, refresh finds nothing changed, destroy empties the stack",
    async (example) => {
      const project = EngineProject.copyOf(makeLane(), pulumiCliDir(), join(REPO_ROOT, "examples", example));
      try {
        const run = await project.shell(readmeScript(example));
        const output = run.stdout + run.stderr;
        expect({ code: run.code, tail: run.code === 0 ? "" : output.slice(-6000) }).toEqual({ code: 0, tail: "" });
        const { created, lines } = EXAMPLES[example];
        expect(run.stdout).toMatch(new RegExp(`\\+ ${created} created`));
        for (const line of lines) expect(run.stdout).toMatch(line);
        expect(run.stdout).toMatch(new RegExp(`- ${created} deleted`));
        expect(output.split("\n").filter((line) => /warning/i.test(line) && !/^npm warn /.test(line))).toEqual([]);
        const state = JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources?: unknown[] } } };
        expect(state.checkpoint.latest.resources ?? []).toEqual([]);
      } finally {
        stopSandboxes(join(project.dir, ".sandbox"));
        project.remove();
      }
    },
    600_000,
  );
});
