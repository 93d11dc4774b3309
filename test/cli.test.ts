import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Agent, request } from "undici";
import { comparable, sample } from "./helpers/samples";

/** The built command users run: `npx plesk-aps-sandbox`. `npm test` builds before jest. */
const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist", "sandbox", "cli.js");

interface ReadyLine {
  readonly url: string;
  readonly caCertPath: string | null;
  readonly exportsFile: string | null;
  readonly variables: string[];
  readonly pid: number;
}

interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly banner: string;
  readonly ready: ReadyLine;
  /** Everything written to stdout so far. */
  output(): string;
  /** Resolves once stdout holds a line matching `pattern`. */
  lineMatching(pattern: RegExp): Promise<string>;
}

function startCli(args: string[]): Promise<RunningCli> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [CLI, ...args]);
  let output = "";
  const waiting: (() => void)[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    waiting.splice(0).forEach((check) => check());
  });
  const lineMatching = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const line = output.split("\n").find((candidate) => pattern.test(candidate));
        if (line !== undefined) resolve(line);
        else waiting.push(check);
      };
      check();
    });
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => reject(new Error(chunk.toString())));
    child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${output}`)));
    void lineMatching(/^ready \{/).then((line) =>
      resolve({ child, banner: output, ready: JSON.parse(line.slice("ready ".length)) as ReadyLine, output: () => output, lineMatching }),
    );
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

async function stopped(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<number | null> {
  const exited = exitCode(child);
  child.kill(signal);
  return exited;
}

/** stderr and exit code of a run that is refused before it listens. */
function refused(args: string[]): { stderr: string; status: number | null } {
  try {
    execFileSync(process.execPath, [CLI, ...args], { stdio: "pipe" });
  } catch (error) {
    const failed = error as { stderr: Buffer; status: number | null };
    return { stderr: String(failed.stderr).trim(), status: failed.status };
  }
  throw new Error(`plesk-aps-sandbox ${args.join(" ")} was not refused`);
}

test("the sandbox command prints what to connect with, answers the seed request, and stops on Ctrl-C", async () => {
  const { child, banner, ready, lineMatching } = await startCli([
    "--port",
    "0",
    "--password",
    "cli-pass",
    "--speed",
    "100",
    "--device-auth",
    "cli-device",
  ]);
  const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1];
  const caPath = /CA cert\s+(\S+)/.exec(banner)![1];
  expect(ready).toEqual({
    url,
    caCertPath: caPath,
    exportsFile: null,
    variables: ["PLESK_URL", "PLESK_LOGIN", "PLESK_PASSWORD", "PLESK_CA_CERT", "GETAPP_URL", "GETAPP_DEVICE_AUTH", "GETAPP_CA_CERT"],
    pid: child.pid,
  });
  expect(banner).toContain("password   cli-pass");
  expect(banner).toContain(`export PLESK_URL=${url}`);

  const dispatcher = new Agent({ connect: { ca: readFileSync(caPath, "utf8") } });
  const response = await request(`${url}/enterprise/control/agent.php`, {
    method: "POST",
    dispatcher,
    headers: { "content-type": "text/xml", HTTP_AUTH_LOGIN: "admin", HTTP_AUTH_PASSWD: "cli-pass" },
    body: sample("001-task-18.request"),
  });
  const answer = comparable(await response.body.text());
  // One log line per request: operation, ids, outcome, time.
  expect(await lineMatching(/^[\d:.]+ POST /)).toMatch(
    /^\d\d:\d\d:\d\d\.\d{3} POST \/enterprise\/control\/agent\.php get-download-status task-id=18 -> 200 error 1013 \(\d+ ms\)$/,
  );
  expect(banner).toContain("Device-Auth  cli-device");
  expect(banner).toContain(`export GETAPP_URL=${url} GETAPP_DEVICE_AUTH=cli-device`);
  const delivery = await request(`${url}/api/v1/delivery/preparedDelivery/fleet-defaults-7`, {
    dispatcher,
    headers: { "Device-Auth": "cli-device" },
  });
  expect(await delivery.body.json()).toMatchObject({ catalogId: "fleet-defaults-7", status: "start" });
  expect(await lineMatching(/^[\d:.]+ GET /)).toMatch(
    / GET \/api\/v1\/delivery\/preparedDelivery\/fleet-defaults-7 preparedDelivery fleet-defaults-7 -> 200 start \(\d+ ms\)$/,
  );
  await dispatcher.close();
  const expected = comparable(sample("001-task-18-not-found.response"));
  expect(answer.children[0].children[0].children[0].children.map((e) => [e.name, e.text])).toEqual([
    ["status", "error"],
    ["errcode", "1013"],
    ["errtext", "Download task with id 18 not found"],
    ["filter-id", "18"],
  ]);
  expect(answer.children[0].children[0].children[0].children.map((e) => e.name)).toEqual(
    expected.children[0].children[0].children[0].children.map((e) => e.name),
  );

  expect(await stopped(child, "SIGTERM")).toBe(0);
  expect(existsSync(caPath)).toBe(false);
});

// Every flag checked the same way, before anything listens: one line, exit code 2.
test.each([
  [["--platform", "solaris"], '--platform must be one of linux, windows, got "solaris"'],
  [["--bandwidth", "0"], '--bandwidth must be a whole number above 0 (bytes per second), got "0"'],
  [["--bandwidth", "1.5"], '--bandwidth must be a whole number above 0 (bytes per second), got "1.5"'],
  [["--speed", "0"], '--speed must be a number above 0 (simulated seconds per real second), got "0"'],
  [["--speed", "fast"], '--speed must be a number above 0 (simulated seconds per real second), got "fast"'],
  [["--port", "70000"], '--port must be a whole number from 0 to 65535 (0 picks a free one), got "70000"'],
  [["--port", ""], '--port must be a whole number from 0 to 65535 (0 picks a free one), got ""'],
  [["--prot", "8443"], "Unknown option '--prot'; see --help"],
])("%j is refused with one line naming the flag and its range", (args, message) => {
  expect(refused(args)).toEqual({ stderr: `plesk-aps-sandbox: ${message}`, status: 2 });
});

test("with --state-dir a restart keeps the CA and the credentials, so a stack's caCert and secrets stay valid", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), "sandbox-state-"));
  const exportsFile = join(stateDir, "env.sh");
  try {
    const first = await startCli(["--port", "0", "--state-dir", stateDir, "--exports-file", exportsFile, "--quiet"]);
    const caFromFirst = readFileSync(first.ready.caCertPath!, "utf8");
    const passwordFromFirst = /password\s+(\S+)/.exec(first.banner)![1];
    expect(first.banner).toContain(`${stateDir} holds this sandbox's CA key and passwords in plain text: keep it out of version control.`);
    expect(statSync(join(stateDir, "ca-key.pem")).mode & 0o777).toBe(0o600);
    expect(statSync(exportsFile).mode & 0o777).toBe(0o600);
    // The env file is sourced as it is: the CA's PEM arrives whole, newlines included.
    const sourced = execFileSync("bash", ["-c", `. "${exportsFile}" && printf '%s|%s' "$PLESK_URL" "$PLESK_CA_CERT"`], {
      encoding: "utf8",
    });
    expect(sourced).toBe(`${first.ready.url}|${caFromFirst}`);
    expect(await stopped(first.child, "SIGTERM")).toBe(0);

    const second = await startCli(["--port", "0", "--state-dir", stateDir, "--quiet"]);
    expect(second.ready.caCertPath).toBe(first.ready.caCertPath);
    expect(/password\s+(\S+)/.exec(second.banner)![1]).toBe(passwordFromFirst);
    // The first start's CA verifies the second start's server.
    const dispatcher = new Agent({ connect: { ca: caFromFirst } });
    const response = await request(`${second.ready.url}/enterprise/control/agent.php`, {
      method: "POST",
      dispatcher,
      headers: { "content-type": "text/xml", HTTP_AUTH_LOGIN: "admin", HTTP_AUTH_PASSWD: passwordFromFirst },
      body: sample("001-task-18.request"),
    });
    expect(await response.body.text()).toContain("<errcode>1013</errcode>");
    await dispatcher.close();
    // --quiet: the banner and nothing after it.
    expect(
      second
        .output()
        .trimEnd()
        .endsWith(`ready ${JSON.stringify(second.ready)}`),
    ).toBe(true);
    expect(await stopped(second.child, "SIGINT")).toBe(0);
    expect(existsSync(first.ready.caCertPath!)).toBe(true);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test("a build clears what tsc wrote before, and leaves the plugin archives in dist/plugins", () => {
  const root = mkdtempSync(join(tmpdir(), "plesk-aps-build-"));
  try {
    cpSync(join(ROOT, "tsconfig.build.json"), join(root, "tsconfig.build.json"));
    for (const file of [
      "dist/provider/stale.js",
      "dist/sandbox/stale.js",
      "dist/plugins/pulumi-resource-plesk-v0.3.0-linux-amd64.tar.gz",
    ]) {
      mkdirSync(join(root, dirname(file)), { recursive: true });
      writeFileSync(join(root, file), "");
    }
    execFileSync(process.execPath, [join(ROOT, "scripts", "clean-build.mjs"), root]);
    expect(existsSync(join(root, "dist/provider/stale.js"))).toBe(false);
    expect(existsSync(join(root, "dist/sandbox/stale.js"))).toBe(false);
    expect(existsSync(join(root, "dist/plugins/pulumi-resource-plesk-v0.3.0-linux-amd64.tar.gz"))).toBe(true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
