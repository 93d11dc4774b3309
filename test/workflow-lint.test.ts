import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** The example GitHub Actions workflow, checked by actionlint (built once from its Go module by scripts/engine-tools.sh). */
const ROOT = join(__dirname, "..");

test("examples/gitops/plesk-aps.yml passes actionlint", () => {
  const actionlint = execFileSync("bash", [join(ROOT, "scripts", "engine-tools.sh"), "actionlint"], { encoding: "utf8" }).trim();
  let output = "";
  try {
    execFileSync(actionlint, ["-no-color", join(ROOT, "examples", "gitops", "plesk-aps.yml")], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    output = String((error as { stdout: string }).stdout);
  }
  expect(output).toBe("");
}, 300_000);
