import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning } from "../../harness/engine-project";
import { REPO_ROOT } from "../../harness/paths";
import { succeeded } from "./succeeded";

/**
 * examples/fleet, copied as a user copies it, through the real Pulumi CLI and its Node.js
 * language host: one program, one inventory file, three Plesk
 * servers named in the stack's `plesk:servers` (URLs, passwords as secrets, CAs), each played
 * by a sandbox of its own.
 */
const SERVERS = ["web1", "web2", "web3"] as const;
const PASSWORDS = Object.fromEntries(SERVERS.map((name) => [name, `Pw-${name}-${Math.random().toString(36).slice(2)}`]));

describe.each(LANES)("examples/fleet through the Pulumi CLI, %s", (_name, makeLane) => {
  const sandboxes = {} as Record<(typeof SERVERS)[number], Sandbox>;
  let project: EngineProject;
  const all = () => SERVERS.map((name) => sandboxes[name]);
  const names = (name: (typeof SERVERS)[number]) => sandboxes[name].taskLog().map((task) => task.name);

  beforeAll(async () => {
    for (const name of SERVERS) sandboxes[name] = await startSandbox({ manualClock: true, password: PASSWORDS[name] });
    project = EngineProject.copyOf(makeLane(), pulumiCliDir(), join(REPO_ROOT, "examples", "fleet"));
    project.install();
  }, 900_000);

  afterAll(async () => {
    await Promise.all(all().map((sandbox) => sandbox?.close()));
    project?.remove();
  });

  test("each server's packages land on that server alone; every line names its server", async () => {
    succeeded(await project.pulumi("stack", "init", "dev"));
    for (const name of SERVERS) {
      const sandbox = sandboxes[name];
      for (const args of [
        ["--path", `plesk:servers.${name}.url`, "--", sandbox.url],
        ["--path", `plesk:servers.${name}.login`, "--", "admin"],
        ["--path", "--secret", `plesk:servers.${name}.password`, "--", PASSWORDS[name]],
        ["--path", `plesk:servers.${name}.caCert`, "--", sandbox.caCert!],
      ]) {
        succeeded(await project.pulumi("config", "set", ...args));
      }
    }

    const up = succeeded(await withClockRunning(all(), project.program("up")));
    expect(up.stdout).toMatch(/WordPress 6\.4-2 on web1: ready as package \d+/);
    expect(up.stdout).toMatch(/WordPress 6\.4-2 on web2: ready as package \d+/);
    expect(up.stdout).toMatch(/Nextcloud [\d.]+-\d+ on web3: ready as package \d+/);
    expect(up.stdout).toMatch(/\+ 5 created/);
    expect(names("web1").sort()).toEqual(["Joomla", "WordPress"]);
    expect(names("web2")).toEqual(["WordPress"]);
    expect(names("web3")).toEqual(["Nextcloud"]);
  }, 300_000);

  test("refresh reads each package from its own server and finds nothing changed", async () => {
    for (const sandbox of all()) sandbox.resetCounts();
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
    for (const sandbox of all()) expect(sandbox.counts().packetsByOperation["get-packages-list"]).toBeGreaterThan(0);
  }, 300_000);

  test("moving a package to another server in the inventory replaces it there, with one download", async () => {
    const inventory = JSON.parse(readFileSync(join(project.dir, "inventory.json"), "utf8"));
    inventory.servers.web2.packages.push({ name: "Nextcloud", visible: false });
    inventory.servers.web3.packages = [];
    writeFileSync(join(project.dir, "inventory.json"), JSON.stringify(inventory));
    // The program names resources by server: the moved one is a new resource on web2, the old one deleted from web3's state.
    const up = succeeded(await withClockRunning(all(), project.program("up")));
    expect(up.stdout).toMatch(/\+ .*web2-nextcloud.*created/);
    expect(up.stdout).toMatch(/- .*web3-nextcloud.*deleted/);
    expect(names("web2")).toEqual(["WordPress", "Nextcloud"]);
    expect(names("web3")).toEqual(["Nextcloud"]);
  }, 300_000);

  test("a server missing from plesk:servers fails the preview, naming it and how to add it", async () => {
    const inventory = JSON.parse(readFileSync(join(project.dir, "inventory.json"), "utf8"));
    inventory.servers.web4 = { packages: [{ name: "Joomla" }] };
    writeFileSync(join(project.dir, "inventory.json"), JSON.stringify(inventory));
    const preview = await project.program("preview").done;
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toContain(
      'server "web4" is not one of plesk:servers (web1, web2, web3); add it with pulumi config set --path plesk:servers.web4.url https://plesk.example.com:8443',
    );
    delete inventory.servers.web4;
    writeFileSync(join(project.dir, "inventory.json"), JSON.stringify(inventory));
  }, 300_000);

  test("no server's password is in the state file or in anything the CLI printed", () => {
    const everything = project.stateFile() + project.transcript.join("\n");
    expect(everything).toContain("web1");
    for (const password of Object.values(PASSWORDS)) expect(everything).not.toContain(password);
  });
});
