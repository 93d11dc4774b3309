import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../sandbox";
import { REPO_ROOT } from "../../harness/paths";
import { eventually } from "../helpers/host-session";
import { commandOf, descendants, EngineProject, LANES, pulumiCliDir, withClockRunning, type RunResult } from "../../harness/engine-project";
import { succeeded } from "./succeeded";

/**
 * Failures as users meet them under the real Pulumi CLI: each ends the run with one readable
 * message naming the resource and the fix, with no stack trace; and a run killed mid-download
 * whose next `up` downloads nothing twice.
 */

const PASSWORD = `Pw-${Math.random().toString(36).slice(2)}-faults`;
const STACK_TRACE_LINE = /^\s+at \S.*:\d+:\d+\)?$/m;

/** One package; its inputs typed loosely, as a JavaScript or YAML program gives them: the provider checks them, not the compiler. */
const ONE_PACKAGE = (inputs: string) => `import { ApsPackage, type ApsPackageArgs } from "pulumi-plesk-aps";
const inputs: Record<string, unknown> = ${inputs};
const wp = new ApsPackage("wp", inputs as unknown as ApsPackageArgs);
export const packageId = wp.packageId;
`;

describe.each(LANES)("failures under the Pulumi CLI, %s", (_name, makeLane) => {
  let sandbox: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    const cli = pulumiCliDir();
    sandbox = await startSandbox({ manualClock: true, password: PASSWORD });
    project = EngineProject.create(makeLane(), cli, "faults", ONE_PACKAGE(`{ name: "WordPress", version: "6.4", release: "2" }`));
  }, 900_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  async function newStack(name: string, settings: Record<string, string | undefined>): Promise<void> {
    succeeded(await project.pulumi("stack", "init", name));
    for (const [key, value] of Object.entries(settings)) {
      if (value === undefined) continue;
      const secret = key === "plesk:password" ? ["--secret"] : [];
      succeeded(await project.pulumi("config", "set", ...secret, key, "--", value));
    }
  }

  const good = () => ({ "plesk:url": sandbox.url, "plesk:login": "admin", "plesk:password": PASSWORD, "plesk:caCert": sandbox.caCert });

  function program(inputs: string): void {
    project.writeProgram(ONE_PACKAGE(inputs));
  }

  /** The run failed with `message` about resource `wp`, and printed no stack trace. */
  function failedReadably(result: RunResult, message: RegExp): void {
    const output = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(output).toMatch(message);
    expect(output).toMatch(/ApsPackage.*\bwp\b/);
    expect(output).not.toMatch(STACK_TRACE_LINE);
    // Nor the provider host's raw echo of the error ("PleskApiError: ...: "), beside the engine's line.
    expect(output).not.toMatch(/\b(Plesk|GetApp)\w*Error: /);
    expect(output).not.toContain(PASSWORD);
  }

  test("an invalid input fails the preview naming the property and the fix; nothing is sent", async () => {
    await newStack("invalid-input", good());
    program(`{ name: "WordPress", visible: "yes" }`);
    const before = sandbox.counts().httpRequests;
    failedReadably(
      await project.program("up").done,
      /resource 'wp': property visible value .*yes.* has a problem: must be true or false, not the string "yes"/,
    );
    expect(sandbox.counts().httpRequests).toBe(before);
  }, 120_000);

  test("missing settings fail as one line naming the key, the variable and the command, as the README quotes it", async () => {
    await newStack("no-settings", { "plesk:login": "admin" });
    program(`{ name: "WordPress", version: "6.4", release: "2" }`);
    const up = await project.program("up").done;
    failedReadably(
      up,
      /resource 'wp' has a problem: Missing Plesk URL: set plesk:url \(pulumi config set plesk:url https:\/\/plesk\.example\.com:8443\) or the PLESK_URL environment variable\./,
    );
    const quoted = /fails a preview as one line:\s+`([^`]+)`/.exec(readFileSync(join(REPO_ROOT, "README.md"), "utf8"))?.[1];
    expect(up.stdout).toContain(quoted!.replace(/\s+/g, " "));
  }, 120_000);

  test("a wrong password fails preview and up, then refresh, with Plesk's own error, no stack trace, no password", async () => {
    await newStack("bad-credentials", good());
    succeeded(await withClockRunning(sandbox, project.program("up")));
    succeeded(await project.pulumi("config", "set", "--secret", "plesk:password", "--", `${PASSWORD}-wrong`));
    // refresh runs with the provider settings the last up recorded, so the change shows at preview and up first.
    program(`{ name: "Joomla" }`);
    const refused =
      /the Plesk server at \S+ cannot be worked with \(checked with one request, before anything would change; skipServerCheck true skips the check\): Plesk get failed with error 1001: You have entered incorrect username or password\. The login and password of the default Plesk connection were refused: check plesk:login/;
    failedReadably(await project.program("preview").done, refused);
    failedReadably(await project.program("up").done, refused);
    failedReadably(
      await project.pulumi("refresh", "--yes"),
      /Plesk get-packages-list failed with error 1001: You have entered incorrect username or password\./,
    );
  }, 120_000);

  test("an untrusted certificate says how to trust it", async () => {
    await newStack("untrusted", { ...good(), "plesk:caCert": undefined });
    program(`{ name: "WordPress", version: "6.4", release: "2" }`);
    failedReadably(
      await project.program("up").done,
      /is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\); trust it by setting plesk:caCert \(or PLESK_CA_CERT\) to the CA's PEM/,
    );
  }, 120_000);

  test("a package the catalog does not have fails with Plesk's message, and nothing is recorded", async () => {
    await newStack("unknown-package", good());
    program(`{ name: "NoSuchApplication" }`);
    failedReadably(
      await withClockRunning(sandbox, project.program("up")),
      /NoSuchApplication \(latest\): Plesk could not download the package \(download task \d+\): Cannot download package from catalog/,
    );
    const state = JSON.parse(project.stateFile("unknown-package")) as { checkpoint: { latest: { resources?: { type: string }[] } } };
    expect((state.checkpoint.latest.resources ?? []).filter((resource) => resource.type.endsWith("ApsPackage"))).toEqual([]);
  }, 120_000);

  test("a download still pending after its deadline can be refreshed and destroyed", async () => {
    await newStack("pending", good());
    program(`{ name: "Nextcloud", downloadTimeoutSeconds: 1 }`);
    const failed = await project.program("up").done; // the clock stands still
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toMatch(/Nextcloud \(latest\): still downloading after 1 s/);
    succeeded(await project.pulumi("refresh", "--yes"));
    const destroy = succeeded(await project.pulumi("destroy", "--yes"));
    expect(destroy.stdout).toMatch(
      /Nextcloud \(latest\): download task \d+ had not finished when this resource was deleted; it may still run in Plesk/,
    );
    const state = JSON.parse(project.stateFile("pending")) as { checkpoint: { latest: { resources?: unknown[] } } };
    expect(state.checkpoint.latest.resources ?? []).toEqual([]);
    sandbox.clock.advance(3_600_000); // let the download end, so later runs start from a quiet server
  }, 120_000);

  test("a killed CLI's provider host ends within seconds: no process of ours goes on polling the panel", async () => {
    await newStack("orphaned", good());
    program(`{ name: "Magento" }`);
    const run = project.program("up"); // the clock stands still: the download runs until the kill
    await eventually(() => /Magento \(latest\): (downloading|queued)/.test(run.output()), "the progress line", 60_000);
    const others = descendants(run.process.pid!);
    const hosts = others.filter((pid) => commandOf(pid).includes("dynamic-provider"));
    expect(hosts).toHaveLength(1);
    process.kill(run.process.pid!, "SIGKILL"); // the CLI alone, as an OOM killer or a CI runner's cancel does
    await run.done;
    await eventually(() => hosts.every((pid) => commandOf(pid) === ""), "the provider host to end", 5_000);
    const requestsAfter = sandbox.counts().httpRequests;
    for (const pid of others.filter((pid) => commandOf(pid) !== "")) process.kill(pid, "SIGKILL"); // the language host and program
    succeeded(await project.pulumi("cancel", "--yes"));
    expect(sandbox.counts().httpRequests).toBe(requestsAfter);
    succeeded(await project.pulumi("refresh", "--yes", "--clear-pending-creates"));
    sandbox.clock.advance(3_600_000); // let the download end, so later runs start from a quiet server
  }, 120_000);

  test("a CLI killed mid-download: after cancel and clearing pending creates, the next up downloads nothing twice", async () => {
    await newStack("killed", good());
    program(`{ name: "Joomla" }`);
    const before = sandbox.counts().operationsByName["download-package"] ?? 0;
    const run = project.program("up"); // the clock stands still: the download runs until the kill
    await eventually(() => (sandbox.counts().operationsByName["download-package"] ?? 0) === before + 1, "the download to start", 60_000);
    await eventually(() => run.output().includes("downloading"), "the progress line", 60_000);
    const cli = [run.process.pid!, ...descendants(run.process.pid!)];
    for (const pid of cli) process.kill(pid, "SIGKILL"); // the CLI, the language host, the program and the provider host
    await run.done;

    succeeded(await project.pulumi("cancel", "--yes"));
    const pending = JSON.parse(project.stateFile("killed")) as { checkpoint: { latest: { pending_operations?: { type: string }[] } } };
    expect(pending.checkpoint.latest.pending_operations?.map((operation) => operation.type)).toEqual(["creating"]);
    succeeded(await project.pulumi("refresh", "--yes", "--clear-pending-creates"));

    const rerun = project.program("up");
    await eventually(
      () => /Joomla \(latest\): the server is already downloading task \d+, started outside this run; waiting for it/.test(rerun.output()),
      "the re-run to find the download",
      60_000,
    );
    const again = succeeded(await withClockRunning(sandbox, rerun));
    expect(again.stdout).toMatch(
      /a download already running on the server \(task \d+\) produced package \d+; adopted, nothing downloaded twice/,
    );
    expect(sandbox.counts().operationsByName["download-package"]).toBe(before + 1);
    const state = JSON.parse(project.stateFile("killed")) as { checkpoint: { latest: { resources: { type: string }[] } } };
    expect(state.checkpoint.latest.resources.filter((resource) => resource.type.endsWith("ApsPackage"))).toHaveLength(1);
  }, 180_000);
});
