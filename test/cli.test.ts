import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Agent, request } from "undici";
import { comparable, sample } from "./helpers/samples";

/** The built command users run: `npx plesk-aps-sandbox`. `npm test` builds before jest. */
const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist", "sandbox", "cli.js");

function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; banner: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [CLI, ...args]);
  return new Promise((resolve, reject) => {
    let banner = "";
    child.stdout.on("data", (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes("Ctrl-C stops it.")) resolve({ child, banner });
    });
    child.stderr.on("data", (chunk: Buffer) => reject(new Error(chunk.toString())));
    child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${banner}`)));
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

test("the sandbox command prints what to connect with, answers the seed request, and stops on Ctrl-C", async () => {
  const { child, banner } = await startCli(["--port", "0", "--password", "cli-pass", "--speed", "100", "--device-auth", "cli-device"]);
  const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1];
  const caPath = /CA cert\s+(\S+)/.exec(banner)![1];
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
  expect(banner).toContain("Device-Auth  cli-device");
  expect(banner).toContain(`export GETAPP_URL=${url} GETAPP_DEVICE_AUTH=cli-device`);
  const delivery = await request(`${url}/api/v1/delivery/preparedDelivery/fleet-defaults-7`, {
    dispatcher,
    headers: { "Device-Auth": "cli-device" },
  });
  expect(await delivery.body.json()).toMatchObject({ catalogId: "fleet-defaults-7", status: "start" });
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

  const exited = exitCode(child);
  child.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(existsSync(caPath)).toBe(false);
});

test("a bad flag is refused with a message, not a stack trace", () => {
  let stderr = "";
  try {
    execFileSync(process.execPath, [CLI, "--platform", "solaris"], { stdio: "pipe" });
  } catch (error) {
    stderr = String((error as { stderr: Buffer }).stderr);
  }
  expect(stderr.trim()).toBe('plesk-aps-sandbox: --platform must be linux or windows, got "solaris"');
});

test("the package ships the built library, the sandbox and its command, and nothing else", () => {
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  );
  const files: string[] = packed.files.map((f: { path: string }) => f.path);
  expect(files).toEqual(
    expect.arrayContaining([
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "dist/provider/handlers/aps-package.js",
      "dist/provider/handlers/prepared-delivery.js",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/sandbox/cli.js",
      "dist/sandbox/demo-catalog.json",
      "dist/sandbox/demo-delivery-catalog.json",
    ]),
  );
  expect(
    files.filter((f) => !/^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/(provider|sandbox)\/.*\.(js|d\.ts|json))$/.test(f)),
  ).toEqual([]);
});
