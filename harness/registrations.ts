import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { DIST } from "./paths";
import type { Registration } from "./register-under-mocks";

export type { Registration };

/** The resources `program` registers, captured in `projectDir` by a separate Node process. */
export async function registrationsOf(projectDir: string, program: string): Promise<Registration[]> {
  const script = join(DIST, "harness", "register-under-mocks.js");
  const { stdout } = await promisify(execFile)(process.execPath, [script, program], { cwd: projectDir, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Registration[];
}
