import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

/** The example GitHub Actions workflow, checked by actionlint (built once from its Go module by scripts/engine-tools.sh). */
const ROOT = join(__dirname, "..");

test.each(["examples/gitops/plesk-aps.yml", ".github/workflows/release.yml"])(
  "%s passes actionlint",
  (workflow) => {
    const actionlint = execFileSync("bash", [join(ROOT, "scripts", "engine-tools.sh"), "actionlint"], { encoding: "utf8" }).trim();
    // Findings go to stdout, fatal errors (an unreadable file, a bad flag) to stderr: either fails.
    const run = spawnSync(actionlint, ["-no-color", join(ROOT, workflow)], { encoding: "utf8" });
    expect({ status: run.status, error: run.error, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      error: undefined,
      stdout: "",
      stderr: "",
    });
  },
  300_000,
);
