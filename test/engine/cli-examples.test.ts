import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
  extensions: {
    created: 5,
    lines: [
      /installing extension wp-toolkit on web1/,
      /installing extension wp-toolkit on web2/,
      /extension letsencrypt on web1 3\.2\.6 is installed already: adopted/,
    ],
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

/** The fenced block right after `<!-- MARKER` in the repository's README. */
function markedBlock(marker: string): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const match = new RegExp(`<!-- ${marker}[^\\n]*-->\\n\`\`\`sh\\n([\\s\\S]*?)^\`\`\`$`, "m").exec(readme);
  expect(match).not.toBeNull();
  return match![1]!;
}

describe.each(LANES)("the repository's own Pulumi.yaml, as the README's quick start runs it, %s", (_name, makeLane) => {
  test("up creates the extension, the package and the delivery it declares over the clone's plugins; refresh is clean; destroy empties the stack", async () => {
    // The clone as the README has it after npm ci: its Pulumi.yaml and plugin launchers, over its dist/ and node_modules/.
    const dir = mkdtempSync(join(tmpdir(), "plesk-aps-root-project-"));
    writeFileSync(join(dir, "Pulumi.yaml"), readFileSync(join(REPO_ROOT, "Pulumi.yaml")));
    cpSync(join(REPO_ROOT, "plugins"), join(dir, "plugins"), { recursive: true });
    for (const linked of ["dist", "node_modules"]) symlinkSync(join(REPO_ROOT, linked), join(dir, linked));
    const project = EngineProject.at(makeLane(), pulumiCliDir(), dir);
    try {
      const script = markedBlock("root-project").replace(/^npm ci\n/m, "");
      const run = await project.shell(script);
      const output = run.stdout + run.stderr;
      expect({ code: run.code, tail: run.code === 0 ? "" : output.slice(-6000) }).toEqual({ code: 0, tail: "" });
      expect(run.stdout).toMatch(/extension wp-toolkit 6\.8\.2 installed/);
      expect(run.stdout).toMatch(/WordPress 6\.4-2: ready as package \d+/);
      expect(run.stdout).toMatch(/navigator-2\.4\.1 for device-17: ready/);
      expect(run.stdout).toMatch(/\+ 4 created/);
      expect(run.stdout).toMatch(/- 4 deleted/);
    } finally {
      stopSandboxes(join(dir, ".sandbox"));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

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
