import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../sandbox";
import {
  commandOf,
  descendants,
  EngineProject,
  LANES,
  pulumiCliDir,
  withClockRunning,
  type Lane,
  type Running,
} from "../../harness/engine-project";
import { packInto } from "../../harness/package-tarball";
import { REPO_ROOT } from "../../harness/paths";
import { eventually } from "../helpers/host-session";
import { succeeded } from "./succeeded";

/**
 * The native plugins as a user of another language has them: the archives `npm run plugins`
 * writes, installed with `pulumi plugin install … --file`, serving a YAML program (`runtime:
 * yaml`, through the YAML language host) against sandboxes over HTTPS. The plugin runs on the
 * lane's Node.js, the first `node` on PATH.
 */
let archives: string[];

beforeAll(() => {
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "pack-plugins.mjs")], { stdio: "pipe" });
  const out = join(REPO_ROOT, "dist", "plugins");
  archives = readdirSync(out).map((file) => join(out, file));
}, 120_000);

const password = () => `Pw-${Math.random().toString(36).slice(2)}`;

/** A YAML program's config block and its stack values: one server's connection, the password a secret. */
function connectionConfig(prefix: string, sandbox: Sandbox): [string, string[]][] {
  return [
    [`${prefix}Url`, [`${prefix}Url`, "--", sandbox.url]],
    [`${prefix}Password`, ["--secret", `${prefix}Password`, "--", sandbox.credentials.password]],
    [`${prefix}Ca`, [`${prefix}Ca`, "--", sandbox.caCert!]],
  ];
}

/** `pulumi config set` arguments for a sandbox as the default Plesk connection, the password a secret; `--` first, since a random secret may begin with "-". */
function pleskKeys(sandbox: Sandbox): string[][] {
  return [
    ["plesk:url", "--", sandbox.url],
    ["plesk:login", "--", sandbox.credentials.login],
    ["--secret", "plesk:password", "--", sandbox.credentials.password],
    ["plesk:caCert", "--", sandbox.caCert!],
  ];
}

/** The same for GetApp, the device secret a secret. */
function getappKeys(sandbox: Sandbox): string[][] {
  return [
    ["getapp:url", "--", sandbox.url],
    ["--secret", "getapp:deviceAuth", "--", sandbox.credentials.deviceAuth],
    ["getapp:caCert", "--", sandbox.caCert!],
  ];
}

async function setConfig(project: EngineProject, entries: readonly string[][]): Promise<void> {
  for (const args of entries) succeeded(await project.pulumi("config", "set", ...args));
}

/** A sandbox, and a YAML project over the installed plugins with a stack `dev` configured for it (Plesk and GetApp). */
async function yamlStack(lane: Lane, projectName: string, body: string): Promise<{ sandbox: Sandbox; project: EngineProject }> {
  return configuredStack(EngineProject.yaml(lane, pulumiCliDir(), projectName, body, archives));
}

/** A sandbox, and `project`'s stack `dev` configured for it (Plesk and GetApp). */
async function configuredStack(project: EngineProject): Promise<{ sandbox: Sandbox; project: EngineProject }> {
  const sandbox = await startSandbox({ manualClock: true, password: password() });
  succeeded(await project.pulumi("stack", "init", "dev"));
  await setConfig(project, [...pleskKeys(sandbox), ...getappKeys(sandbox)]);
  return { sandbox, project };
}

/** The fenced block right after `<!-- MARKER ... -->` in a document of the repository. */
function documentedBlock(document: string, marker: string): string {
  const text = readFileSync(join(REPO_ROOT, document), "utf8");
  const at = text.indexOf(`<!-- ${marker}`);
  expect(at).toBeGreaterThan(-1);
  return /```\w*\n([\s\S]*?)^```$/m.exec(text.slice(at))![1]!;
}

/** The README's program for `language`. */
const readmeProgram = (language: string) => documentedBlock("README.md", `native-program: ${language}`);

/** The README's YAML program after its name and runtime lines, at `version`. */
const PROGRAM = (version: string) =>
  readmeProgram("yaml")
    .replace(/^name: .*\nruntime: yaml\n/, "")
    .replace('version: "6.4"', `version: "${version}"`);

describe.each(LANES)("the native plugins under a YAML program, %s", (_name, makeLane) => {
  let sandbox: Sandbox;
  let project: EngineProject;
  const downloads = () => sandbox.taskLog().map((task) => `${task.name} ${task.version}`);

  beforeAll(async () => {
    ({ sandbox, project } = await yamlStack(makeLane(), "plesk-yaml", PROGRAM("6.4")));
  }, 300_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("up downloads the package once and prepares the delivery; the state keeps no code and no clear secret", async () => {
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/WordPress 6\.4-2: ready as package \d+/);
    expect(up.stdout).toMatch(/navigator-2\.4\.1 for device-1: ready, 4 artifact\(s\)/);
    expect(up.stdout).toMatch(/\+ 3 created/);
    expect(downloads()).toEqual(["WordPress 6.4"]);
    const state = project.stateFile();
    expect(state).toContain('"type":"pulumi:providers:plesk"');
    expect(state).not.toContain("__provider");
    expect(state).not.toContain("exports.handler");
    expect(state).not.toContain(sandbox.credentials.password);
    expect(state).not.toContain(sandbox.credentials.deviceAuth);
  }, 300_000);

  test("preview and refresh find nothing changed", async () => {
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
  }, 300_000);

  test("drift made on the server is found by refresh and put right by up", async () => {
    const id = Number(JSON.parse((await project.pulumi("stack", "output", "wordpressId", "--json")).stdout));
    sandbox.aps.updatePackage(id, { isVisible: true });
    const refresh = await project.pulumi("refresh", "--yes", "--expect-no-changes");
    expect(refresh.code).not.toBe(0);
    expect(refresh.stdout).toMatch(/~ 1 updated/);
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/~ 1 updated/);
    expect(sandbox.aps.package(id)?.isVisible).toBe(false);
    expect(downloads()).toEqual(["WordPress 6.4"]);
  }, 300_000);

  test("another version replaces the package, with one more download", async () => {
    project.writeYaml(PROGRAM("6.4.3"));
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/\+-1 replaced/);
    expect(downloads()).toEqual(["WordPress 6.4", "WordPress 6.4.3"]);
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
  }, 300_000);

  test("destroy retires everything; the packages stay on the server", async () => {
    const before = sandbox.aps.listPackages().length;
    const destroy = succeeded(await project.pulumi("destroy", "--yes"));
    expect(destroy.stdout).toMatch(/- 3 deleted/);
    expect(sandbox.aps.listPackages()).toHaveLength(before);
  }, 300_000);
});

describe.each(LANES)("the npm package's plugin launchers named by a plugins: entry of Pulumi.yaml, %s", (_name, makeLane) => {
  let sandbox: Sandbox | undefined;
  let project: EngineProject | undefined;

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("a project that installs the package runs the README's YAML program on them, with no plugin installed", async () => {
    const lane = makeLane();
    const header = documentedBlock("docs/plugins.md", "native-launchers: yaml");
    const [, name, rest] = /^name: (\S+)\nruntime: yaml\n([\s\S]*)$/.exec(header)!;
    const installed = EngineProject.native(lane, pulumiCliDir(), name!, `runtime: yaml\n${rest}${PROGRAM("6.4")}`, []);
    project = installed;
    const tarball = packInto(installed.dir);
    writeFileSync(
      join(installed.dir, "package.json"),
      JSON.stringify({ name, private: true, dependencies: { "pulumi-plesk-aps": `file:./${tarball}`, "@pulumi/pulumi": lane.sdkVersion } }),
    );
    installed.install();
    ({ sandbox } = await configuredStack(installed));

    const up = succeeded(await withClockRunning(sandbox, installed.program("up")));
    expect(up.stdout).toMatch(/WordPress 6\.4-2: ready as package \d+/);
    expect(up.stdout).toMatch(/\+ 3 created/);
    expect(sandbox.taskLog().map((task) => task.name)).toEqual(["WordPress"]);
    expect((await installed.pulumi("plugin", "ls")).stdout).not.toMatch(/\b(plesk|getapp)\b/);
    succeeded(await installed.pulumi("destroy", "--yes"));
  }, 600_000);
});

describe("the native plugin across a fleet and for imports", () => {
  const lane = LANES[0]![1]();
  const sandboxes: Sandbox[] = [];
  let fleet: EngineProject;

  beforeAll(async () => {
    sandboxes.push(await startSandbox({ manualClock: true, password: password() }));
    sandboxes.push(await startSandbox({ manualClock: true, password: password() }));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
    fleet?.remove();
  });

  test("docs/plugins.md's fleet, a provider instance per server with its secret password and its caCert: each package lands on its own server", async () => {
    const [eu, us] = sandboxes as [Sandbox, Sandbox];
    const [, projectName, pulumiYaml] = /^name: (\S+)\n([\s\S]*)$/.exec(documentedBlock("docs/plugins.md", "native-fleet: yaml"))!;
    fleet = EngineProject.native(lane, pulumiCliDir(), projectName!, pulumiYaml!, archives);
    succeeded(await fleet.pulumi("stack", "init", "dev"));
    await setConfig(
      fleet,
      [...connectionConfig("eu", eu), ...connectionConfig("us", us)].map(([, args]) => args),
    );
    const up = succeeded(await withClockRunning(sandboxes, fleet.program("up")));
    expect(up.stdout).toMatch(/\+ 5 created/);
    expect(eu.taskLog().map((task) => task.name)).toEqual(["WordPress"]);
    expect(us.taskLog().map((task) => task.name)).toEqual(["Joomla"]);
    const state = fleet.stateFile();
    for (const sandbox of sandboxes) expect(state).not.toContain(sandbox.credentials.password);
    succeeded(await fleet.pulumi("refresh", "--yes", "--expect-no-changes"));
  }, 300_000);

  test("an explicit provider's bad settings are told in its inputs' words, and a URL holding a password is not echoed", async () => {
    const providerWith = (properties: string) => `
resources:
  eu-1:
    type: pulumi:providers:plesk
    properties: ${properties}
  wordpress:
    type: plesk:index:ApsPackage
    properties: { name: WordPress }
    options:
      provider: \${eu-1}
`;
    const inUrl = `Pw-in-url-${Math.random().toString(36).slice(2)}`;
    // A named server's settings are checked when the provider is configured (CheckConfig).
    const servers = `{ servers: { web1: { url: "https://admin:${inUrl}@plesk.example.com", login: admin, password: x } } }`;
    const project = EngineProject.yaml(lane, pulumiCliDir(), "plesk-yaml-explicit-settings", providerWith(servers), archives);
    try {
      succeeded(await project.pulumi("stack", "init", "dev"));
      const credentialsInUrl = await project.pulumi("preview");
      expect(credentialsInUrl.code).not.toBe(0);
      const said = credentialsInUrl.stdout + credentialsInUrl.stderr;
      expect(said).toContain("servers.web1.url of provider eu-1: must not hold credentials");
      expect(said).not.toContain("plesk:servers");
      expect(said).not.toContain(inUrl);

      project.writeYaml(providerWith(`{ url: "https://plesk.example.com", login: admin }`));
      const noPassword = await project.pulumi("preview");
      expect(noPassword.code).not.toBe(0);
      expect(noPassword.stdout + noPassword.stderr).toContain(
        "login of provider eu-1 is set but password of provider eu-1 is not: password on provider eu-1, as a secret",
      );
    } finally {
      project.remove();
    }
  }, 300_000);

  test("an explicit provider takes its settings whole from its own properties: PLESK_* variables never fill its gaps", async () => {
    const [a, b] = sandboxes as [Sandbox, Sandbox];
    const program = (properties: string) => `
config:
  bCa: { type: string }
resources:
  p:
    type: pulumi:providers:plesk
    properties:${properties}
  wordpress:
    type: plesk:index:ApsPackage
    properties: { name: WordPress }
    options:
      provider: \${p}
`;
    const project = EngineProject.yaml(lane, pulumiCliDir(), "plesk-yaml-one-source", program(" {}"), archives);
    try {
      succeeded(await project.pulumi("stack", "init", "dev"));
      succeeded(await project.pulumi("config", "set", "bCa", "--", b.caCert!));
      // The default connection's variables name server A, with its password.
      project.setVariables({ PLESK_URL: a.url, PLESK_LOGIN: "admin", PLESK_PASSWORD: a.credentials.password, PLESK_CA_CERT: a.caCert! });
      const requests = () => [a.counts().httpRequests, b.counts().httpRequests];
      const before = requests();

      // Server B's URL and no password of its own: A's must not go to B.
      project.writeYaml(program(`\n      url: "${b.url}"\n      login: admin\n      caCert: \${bCa}`));
      const noPassword = await project.pulumi("up", "--yes");
      expect(noPassword.code).not.toBe(0);
      expect(noPassword.stdout + noPassword.stderr).toContain("login of provider p is set but password of provider p is not");
      // Credentials of its own and no URL: they must not go to A.
      project.writeYaml(program(`\n      login: admin\n      password: "${b.credentials.password}"`));
      const noUrl = await project.pulumi("up", "--yes");
      expect(noUrl.code).not.toBe(0);
      expect(noUrl.stdout + noUrl.stderr).toContain("Missing Plesk URL of provider p: set url");
      expect(requests()).toEqual(before);
    } finally {
      project.remove();
    }
  }, 300_000);

  test("a preview asks each server once and fails on refused credentials, naming the provider and its inputs; skipServerCheck skips the ask", async () => {
    const [eu] = sandboxes as [Sandbox];
    const program = (extra: string) => `
config:
  euCa: { type: string }
resources:
  eu-1:
    type: pulumi:providers:plesk
    properties:
      url: "${eu.url}"
      login: admin
      password: not-the-password
      caCert: \${euCa}${extra}
  wordpress:
    type: plesk:index:ApsPackage
    properties: { name: WordPress }
    options:
      provider: \${eu-1}
  joomla:
    type: plesk:index:ApsPackage
    properties: { name: Joomla }
    options:
      provider: \${eu-1}
`;
    const project = EngineProject.yaml(lane, pulumiCliDir(), "plesk-yaml-preview-check", program(""), archives);
    try {
      succeeded(await project.pulumi("stack", "init", "dev"));
      succeeded(await project.pulumi("config", "set", "euCa", "--", eu.caCert!));
      const requestsBefore = eu.counts().httpRequests;
      const refused = await project.pulumi("preview");
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain(
        "The login and password of provider eu-1 were refused: check login of provider eu-1 and password of provider eu-1",
      );
      // Two resources on one server: one request.
      expect(eu.counts().httpRequests - requestsBefore).toBe(1);

      project.writeYaml(program("\n      skipServerCheck: true"));
      succeeded(await project.pulumi("preview"));
      expect(eu.counts().httpRequests - requestsBefore).toBe(1);
    } finally {
      project.remove();
    }
  }, 300_000);

  test("pulumi import adopts a package already on the server; the matching program then previews clean", async () => {
    const [eu] = sandboxes as [Sandbox];
    const held = eu.aps.addPackage({
      name: "Drupal",
      version: "10.2.2",
      release: "1",
      vendor: "http://drupal.org/",
      packager: "http://plesk.com/",
      isUploaded: false,
      isVisible: true,
      globalSettingsNotSet: false,
    });
    const downloadsBefore = eu.taskLog().length;
    const project = EngineProject.yaml(lane, pulumiCliDir(), "plesk-yaml-import", "resources: {}\n", archives);
    try {
      succeeded(await project.pulumi("stack", "init", "dev"));
      await setConfig(project, pleskKeys(eu));
      const imported = succeeded(await project.pulumi("import", "plesk:index:ApsPackage", "drupal", String(held.id), "--yes"));
      expect(imported.stdout).toMatch(/= 1 imported/);
      expect(imported.stdout).toContain("name: Drupal");
      project.writeYaml(
        `resources:\n  drupal:\n    type: plesk:index:ApsPackage\n    properties: { name: Drupal, version: "10.2.2" }\n    options: { protect: true }\n`,
      );
      succeeded(await project.pulumi("preview", "--expect-no-changes"));

      const missing = await project.pulumi("import", "plesk:index:ApsPackage", "ghost", "999", "--yes");
      expect(missing.code).not.toBe(0);
      expect(missing.stdout + missing.stderr).toContain(`package 999 is not on the Plesk server at ${new URL(eu.url).origin}`);
      expect(eu.taskLog()).toHaveLength(downloadsBefore);

      // Not a package number: refused before anything reaches the server.
      const requestsBefore = eu.counts().httpRequests;
      const text = await project.pulumi("import", "plesk:index:ApsPackage", "text", "abc", "--yes");
      expect(text.code).not.toBe(0);
      expect(text.stdout + text.stderr).toContain('"abc" is not a package id: import an ApsPackage by the number');
      expect(eu.counts().httpRequests).toBe(requestsBefore);
      // A number written another way is recorded as the server writes it.
      succeeded(await project.pulumi("import", "plesk:index:ApsPackage", "padded", `00${held.id}`, "--yes"));
      const recorded = JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources: { urn: string; id?: string }[] } } };
      expect(recorded.checkpoint.latest.resources.find((resource) => resource.urn.endsWith("::padded"))?.id).toBe(String(held.id));
    } finally {
      project.remove();
    }
  }, 300_000);

  test("pulumi import of a PreparedDelivery is refused with why, and nothing is asked of GetApp to prepare", async () => {
    const [server] = sandboxes as [Sandbox];
    const project = EngineProject.yaml(lane, pulumiCliDir(), "getapp-yaml-import", "resources: {}\n", archives);
    try {
      succeeded(await project.pulumi("stack", "init", "dev"));
      await setConfig(project, getappKeys(server));
      const refused = await project.pulumi("import", "getapp:index:PreparedDelivery", "navigator", "navigator-2.4.1", "--yes");
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain("PreparedDelivery cannot be imported by id");
      expect(server.counts().getappRequests.prepareDelivery ?? 0).toBe(0);
    } finally {
      project.remove();
    }
  }, 300_000);
});

describe("the native plugin's deadlines: customTimeouts and Ctrl-C", () => {
  const lane = LANES[0]![1]();
  let sandbox: Sandbox;
  let project: EngineProject;
  const downloadPackets = () => sandbox.counts().operationsByName["download-package"] ?? 0;
  /** The ids the stack records for its ApsPackages. */
  const resourceIds = () =>
    (JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources?: { type: string; id?: string }[] } } }).checkpoint.latest
      .resources!.filter((resource) => resource.type === "plesk:index:ApsPackage")
      .map((resource) => resource.id);

  beforeAll(async () => {
    ({ sandbox, project } = await yamlStack(lane, "plesk-yaml-deadlines", "resources: {}\n"));
  }, 300_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  /** Waits for `condition` of a run in progress; on failure, says what the run printed. */
  const whileRunning = (run: Running, condition: () => boolean, what: string, timeoutMs: number) =>
    eventually(condition, what, timeoutMs).catch((error: Error) => {
      throw new Error(`${error.message}; the run printed:\n${run.output()}`);
    });

  test("customTimeouts.create bounds a create over downloadTimeoutSeconds; the next up waits for the same download", async () => {
    project.writeYaml(`resources:
  nextcloud:
    type: plesk:index:ApsPackage
    properties: { name: Nextcloud, downloadTimeoutSeconds: 3600 }
    options:
      customTimeouts: { create: 2s }
`);
    const before = downloadPackets();
    const failed = await project.program("up").done; // the clock stands still: the download never ends
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toMatch(
      /Nextcloud \(latest\): still downloading after 2 s \(customTimeouts\.create\)\. Download task \d+ goes on in Plesk/,
    );
    // The engine reads the not-ready resource first (still downloading: the clock stands still),
    // then updates it, which waits for the same task; the clock moves once that wait is seen.
    const resuming = project.program("up");
    await whileRunning(resuming, () => /Nextcloud \(latest\): downloading/.test(resuming.output()), "the resumed wait", 120_000);
    const up = succeeded(await withClockRunning(sandbox, resuming));
    expect(up.stdout).toMatch(/Nextcloud \S+: ready as package \d+ \([\d.]+ MB; resumed, [\d.]+ s of waiting in this run\)/);
    expect(downloadPackets()).toBe(before + 1);
    // An update cannot change an id; the engine reads the resource before the next update, which settles it.
    succeeded(await project.pulumi("up", "--yes", "--skip-preview"));
    expect(resourceIds()).toEqual([expect.stringMatching(/^\d+$/)]);
    succeeded(await project.pulumi("destroy", "--yes"));
  }, 300_000);

  test("a pending download whose task a Plesk restart forgot: the next up reads it as gone and downloads it again, ending with the package id", async () => {
    project.writeYaml(`resources:
  mediawiki:
    type: plesk:index:ApsPackage
    properties: { name: MediaWiki }
    options:
      customTimeouts: { create: 2s }
`);
    const pending = await project.program("up").done; // the clock stands still
    expect(pending.code).not.toBe(0);
    expect(resourceIds()).toEqual([expect.stringMatching(/^download-task-\d+$/)]);
    sandbox.aps.restart();
    const before = downloadPackets();
    succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(downloadPackets()).toBe(before + 1);
    expect(resourceIds()).toEqual([expect.stringMatching(/^\d+$/)]);
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
    succeeded(await project.pulumi("destroy", "--yes"));
  }, 300_000);

  test("Ctrl-C during long creates ends the run at once; the next up waits for the same downloads and preparation", async () => {
    project.writeYaml(`resources:
  joomla:
    type: plesk:index:ApsPackage
    properties: { name: Joomla }
  drupal:
    type: plesk:index:ApsPackage
    properties: { name: Drupal }
  navigator:
    type: getapp:index:PreparedDelivery
    properties: { catalogId: navigator-2.4.1, deviceId: device-1, itemType: software }
`);
    const before = downloadPackets();
    const preparations = () => sandbox.counts().getappRequests.prepareDelivery ?? 0;
    const run = project.program("up"); // the clock stands still: downloads and preparation run until the Ctrl-C
    const started = () =>
      (run.output().match(/\(latest\): (downloading|queued)/g) ?? []).length >= 2 && /navigator-2\.4\.1 for device-1: /.test(run.output());
    await whileRunning(run, started, "a progress line for each resource", 120_000);
    expect(downloadPackets()).toBe(before + 2);
    expect(preparations()).toBe(1);
    process.kill(run.process.pid!, "SIGINT"); // as a terminal's Ctrl-C reaches the CLI; the plugin runs in a group of its own
    await whileRunning(run, () => run.process.exitCode !== null, "the cancelled run to end", 60_000);
    const cancelled = await run.done;
    expect(cancelled.code).not.toBe(0);
    for (const name of ["Joomla", "Drupal"])
      expect(cancelled.stdout).toMatch(
        new RegExp(`${name} \\(latest\\): the run was cancelled while it downloaded\\. Download task \\d+ goes on in Plesk`),
      );
    expect(cancelled.stdout).toMatch(/navigator-2\.4\.1 for device-1: the run was cancelled while GetApp prepared it/);
    const recorded = JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources?: { type: string; id?: string }[] } } };
    const ids = (recorded.checkpoint.latest.resources ?? [])
      .filter((resource) => !resource.type.startsWith("pulumi:"))
      .map((resource) => resource.id);
    expect(ids.sort()).toEqual([
      expect.stringMatching(/^download-task-\d+$/),
      expect.stringMatching(/^download-task-\d+$/),
      "navigator-2.4.1",
    ]);

    // The engine reads the resources left not ready before it updates them: those reads settle them
    // (the clock runs now), or the updates wait for the same downloads and preparation.
    succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(resourceIds().sort()).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
    expect(downloadPackets()).toBe(before + 2);
    expect(preparations()).toBe(1);
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
  }, 300_000);

  test("a killed CLI's plesk plugin ends within seconds: nothing goes on polling the panel", async () => {
    project.writeYaml(`resources:
  magento:
    type: plesk:index:ApsPackage
    properties: { name: Magento }
`);
    const run = project.program("up"); // the clock stands still: the download runs until the kill
    await whileRunning(run, () => /Magento \(latest\): (downloading|queued)/.test(run.output()), "the progress line", 120_000);
    const others = descendants(run.process.pid!);
    const plugins = others.filter((pid) => commandOf(pid).includes("plesk-plugin.js"));
    expect(plugins.length).toBeGreaterThan(0); // the engine may start one per provider it loads
    process.kill(run.process.pid!, "SIGKILL"); // the CLI alone, as an OOM killer or a CI runner's cancel does
    await run.done;
    await eventually(() => plugins.every((pid) => commandOf(pid) === ""), "the plugin to end", 5_000);
    const requestsAfter = sandbox.counts().httpRequests;
    for (const pid of others.filter((pid) => commandOf(pid) !== "")) process.kill(pid, "SIGKILL"); // the YAML host
    succeeded(await project.pulumi("cancel", "--yes"));
    expect(sandbox.counts().httpRequests).toBe(requestsAfter);
    succeeded(await project.pulumi("refresh", "--yes", "--clear-pending-creates"));
    sandbox.clock.advance(3_600_000); // let the download end, so later runs start from a quiet server
  }, 300_000);
});

describe("the sandbox an archive carries, for users of any language", () => {
  test("docs/plugins.md's command starts it from the installed plugin, and its exports name it", async () => {
    const project = EngineProject.native(LANES[0]![1](), pulumiCliDir(), "plesk-sandbox", "runtime: yaml\nresources: {}\n", archives);
    try {
      const started = succeeded(
        await project.shell(`${documentedBlock("docs/plugins.md", "native-sandbox: sh")}\nprintf 'url %s\\n' "$PLESK_URL"\nkill %1\nwait`),
      );
      expect(started.stdout).toMatch(/^url https:\/\/127\.0\.0\.1:\d+$/m);
      expect(readFileSync(join(project.dir, ".sandbox", "log"), "utf8")).toMatch(/^ready /m);
    } finally {
      project.remove();
    }
  }, 120_000);
});

/** A program over the SDK committed in sdk/: its runtime, its main file, how a user sets it up, and its virtual environment if any. */
interface SdkProgram {
  readonly language: string;
  readonly runtime: string;
  readonly mainFile: string;
  readonly program: () => string;
  readonly setup: () => string;
  readonly virtualenv?: string;
  /** A command that prints the SDK's help for ApsPackage, as a user asks for it. */
  readonly help: string;
}

/** The documented set-up steps, run as written with `SDK` naming this clone's sdk folder. */
const setupSteps = (document: string, marker: string) =>
  `SDK=${JSON.stringify(join(REPO_ROOT, "sdk"))}\n${documentedBlock(document, marker)}`;

const SDK_PROGRAMS: readonly SdkProgram[] = [
  {
    language: "Python",
    runtime: "runtime:\n  name: python\n  options:\n    virtualenv: venv\n",
    mainFile: "__main__.py",
    program: () => readmeProgram("python"),
    // As the README says: a virtual environment with pulumi from PyPI, and the SDK installed into it.
    setup: () => setupSteps("README.md", "native-setup: python"),
    virtualenv: "venv",
    help: `python -c "import pulumi_plesk; help(pulumi_plesk.ApsPackage)"`,
  },
  {
    language: "Go",
    runtime: "runtime: go\n",
    mainFile: "main.go",
    program: () => documentedBlock("docs/plugins.md", "native-program: go"),
    // docs/plugins.md's steps as they are: the program's module tied to the SDK's.
    setup: () => setupSteps("docs/plugins.md", "native-setup: go"),
    help: "go doc pulumi-plesk-aps/sdk/go/plesk.ApsPackage; go doc pulumi-plesk-aps/sdk/go/plesk.ApsPackageArgs",
  },
];

describe.each(SDK_PROGRAMS)("a $language program over the SDK committed in sdk/", (sdk) => {
  const lane = LANES[0]![1]();
  let sandbox: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    sandbox = await startSandbox({ manualClock: true, password: password() });
    project = EngineProject.native(lane, pulumiCliDir(), `plesk-${sdk.language.toLowerCase()}`, sdk.runtime, archives);
    writeFileSync(join(project.dir, sdk.mainFile), sdk.program());
    if (sdk.virtualenv !== undefined) project.useVirtualenv(sdk.virtualenv);
    succeeded(await project.shell(sdk.setup()));
    succeeded(await project.pulumi("stack", "init", "dev"));
    await setConfig(project, pleskKeys(sandbox));
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("the SDK's help says what an ApsPackage is and what each argument means, whole numbers as integers", async () => {
    const help = succeeded(await project.shell(`PAGER=cat ${sdk.help}`)).stdout;
    expect(help).toContain("An APS package a Plesk server must hold");
    const timeoutLines = help.split("\n").filter((line) => /download_?timeout_?seconds/i.test(line));
    expect(timeoutLines.some((line) => /int/i.test(line))).toBe(true);
    expect(timeoutLines.filter((line) => /float/i.test(line))).toEqual([]);
    expect(help).toContain("How long a create waits for the download, in seconds");
  }, 120_000);

  // A Go program's first up compiles it with the Pulumi Go SDK: minutes on a machine with empty Go caches.
  test("up downloads the package, preview and refresh find nothing changed, destroy retires it", async () => {
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/WordPress 6\.4-2: ready as package \d+/);
    expect(up.stdout).toMatch(/\+ 2 created/);
    expect(sandbox.taskLog().map((task) => task.name)).toEqual(["WordPress"]);
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
    expect(succeeded(await project.pulumi("destroy", "--yes")).stdout).toMatch(/- 2 deleted/);
  }, 600_000);
});
