import { credentialFingerprint, startSandbox, type RequestLogEntry, type Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning } from "../../harness/engine-project";
import { succeeded } from "./succeeded";

/**
 * One Plesk server (one sandbox) reached through several connections of one stack, through the
 * real Pulumi CLI: named servers of `plesk:servers` and the default connection, all on the
 * sandbox's URL, with other logins and other trust. Each request must carry its own
 * connection's credentials and trust; the sandbox's request log says which it carried.
 */
const PASSWORDS = {
  admin: `Pw-admin-${Math.random().toString(36).slice(2)}`,
  deployer: `Pw-deployer-${Math.random().toString(36).slice(2)}`,
  wrong: `Pw-wrong-${Math.random().toString(36).slice(2)}`,
};

const PROGRAM = `import { ApsPackage } from "pulumi-plesk-aps";

new ApsPackage("on-a", { name: "WordPress", version: "6.4", release: "2", server: "a" });
new ApsPackage("on-b", { name: "Joomla", server: "b" });
new ApsPackage("on-y", { name: "Drupal", server: "y" });
new ApsPackage("on-default", { name: "Nextcloud" });
`;

describe.each(LANES)("connections on one URL through the Pulumi CLI, %s", (_name, makeLane) => {
  let sandbox: Sandbox;
  let project: EngineProject;
  const log: RequestLogEntry[] = [];
  const credential = (login: keyof typeof PASSWORDS | "operator", password: string) => `login ${login} ${credentialFingerprint(password)}`;

  beforeAll(async () => {
    sandbox = await startSandbox({
      manualClock: true,
      password: PASSWORDS.admin,
      accounts: [{ login: "deployer", password: PASSWORDS.deployer }],
      onRequest: (entry) => log.push(entry),
    });
    project = EngineProject.create(makeLane(), pulumiCliDir(), "isolation", PROGRAM);
  }, 900_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("each request carries its own entry's login and trust; the wrong ones fail naming their entry", async () => {
    succeeded(await project.pulumi("stack", "init", "dev"));
    const set = (...args: string[]) => project.pulumi("config", "set", ...args).then(succeeded);
    // a: right login, trusts the sandbox's CA. b: another login, a wrong password. y: right login, no CA.
    await set("--path", "plesk:servers.a.url", "--", sandbox.url);
    await set("--path", "plesk:servers.a.login", "admin");
    await set("--path", "--secret", "plesk:servers.a.password", "--", PASSWORDS.admin);
    await set("--path", "plesk:servers.a.caCert", "--", sandbox.caCert!);
    await set("--path", "plesk:servers.b.url", "--", sandbox.url);
    await set("--path", "plesk:servers.b.login", "operator");
    await set("--path", "--secret", "plesk:servers.b.password", "--", PASSWORDS.wrong);
    await set("--path", "plesk:servers.b.caCert", "--", sandbox.caCert!);
    await set("--path", "plesk:servers.y.url", "--", sandbox.url);
    await set("--path", "plesk:servers.y.login", "admin");
    await set("--path", "--secret", "plesk:servers.y.password", "--", PASSWORDS.admin);
    // The default connection: another login that the server accepts.
    await set("plesk:url", sandbox.url);
    await set("plesk:login", "deployer");
    await set("--secret", "plesk:password", "--", PASSWORDS.deployer);
    await set("plesk:caCert", "--", sandbox.caCert!);
    // The creates' own requests are what this test follows; a check would fail b and y before them.
    await set("plesk:skipServerCheck", "true");

    const up = await withClockRunning(sandbox, project.program("up"));
    const output = up.stdout + up.stderr;
    expect(up.code).not.toBe(0);
    expect(output).toMatch(/WordPress 6\.4-2 on a: ready as package \d+/);
    expect(output).toMatch(/Nextcloud [\d.]+-\d+: ready as package \d+/);
    expect(output).toContain(
      "Plesk get-packages-list failed with error 1001: You have entered incorrect username or password. " +
        "The login and password of server b (plesk:servers.b) were refused: check plesk:servers.b.login and plesk:servers.b.password " +
        "(pulumi config set --secret --path plesk:servers.b.password).",
    );
    expect(output).toMatch(/the TLS certificate of server y at https:\/\/127\.0\.0\.1:\d+ is not trusted .*plesk:servers\.y\.caCert/);
    // Once per failure among the diagnostics; the provider host's echo of it ("PleskApiError: ...:") is not printed too.
    const diagnostics = up.stdout.slice(up.stdout.indexOf("Diagnostics:"), up.stdout.indexOf("Resources:"));
    expect(diagnostics.split("incorrect username or password").length - 1).toBe(1);
    expect(output).not.toContain("PleskApiError");

    // Only a and the default connection downloaded, each its own package.
    expect(
      sandbox
        .taskLog()
        .map((task) => task.name)
        .sort(),
    ).toEqual(["Nextcloud", "WordPress"]);
    const by = (who: string) => log.filter((entry) => entry.credential === who);
    const a = credential("admin", PASSWORDS.admin);
    const b = credential("operator", PASSWORDS.wrong);
    const deployer = credential("deployer", PASSWORDS.deployer);
    expect(new Set(log.filter((entry) => entry.path.endsWith("agent.php")).map((entry) => entry.credential))).toEqual(
      new Set([a, b, deployer]),
    );
    expect(by(a).some((entry) => entry.asked.includes("download-package name=WordPress"))).toBe(true);
    expect(by(deployer).some((entry) => entry.asked.includes("download-package name=Nextcloud"))).toBe(true);
    // b's every packet carried b's login and was refused; nothing else was ever refused.
    expect(by(b).length).toBeGreaterThan(0);
    expect(by(b).every((entry) => entry.outcome === "system error 1001")).toBe(true);
    expect(log.filter((entry) => entry.outcome === "system error 1001").every((entry) => entry.credential === b)).toBe(true);
    // y's TLS handshake failed before any request: a request that reached the server was a's, b's or the default's.
    for (const entry of by(a)) expect(entry.asked).not.toMatch(/Joomla|Drupal|Nextcloud/);
    for (const entry of by(deployer)) expect(entry.asked).not.toMatch(/Joomla|Drupal|WordPress/);
  }, 300_000);

  test("no password is in the state file or in anything the CLI printed", () => {
    const everything = project.stateFile() + project.transcript.join("\n");
    expect(everything).toContain("WordPress");
    for (const password of Object.values(PASSWORDS)) expect(everything).not.toContain(password);
  });
});
