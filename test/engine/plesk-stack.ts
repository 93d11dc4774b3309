import { startSandbox, type Sandbox, type SandboxOptions } from "../../sandbox";
import type { EngineProject } from "../../harness/engine-project";
import { succeeded } from "./succeeded";

/**
 * A sandbox on a manual clock, and `project`'s stack `dev` configured for it as the default Plesk
 * connection, the password a secret (`--` first: a random secret may begin with "-").
 */
export async function pleskStack(project: EngineProject, options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ manualClock: true, password: `Pw-${Math.random().toString(36).slice(2)}`, ...options });
  succeeded(await project.pulumi("stack", "init", "dev"));
  for (const args of [
    ["plesk:url", "--", sandbox.url],
    ["plesk:login", "--", sandbox.credentials.login],
    ["--secret", "plesk:password", "--", sandbox.credentials.password],
    ["plesk:caCert", "--", sandbox.caCert!],
  ])
    succeeded(await project.pulumi("config", "set", ...args));
  return sandbox;
}
