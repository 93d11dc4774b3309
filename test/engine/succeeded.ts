import type { RunResult } from "../../harness/engine-project";

/** The result, once its exit code is 0; otherwise the failure shows what the command printed. */
export function succeeded(result: RunResult): RunResult {
  expect({ code: result.code, output: result.code === 0 ? "" : result.stdout + result.stderr }).toEqual({ code: 0, output: "" });
  return result;
}
