import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installedProject } from "../harness/loadings";

/**
 * What `npm pack` ships, and a consumer project compiling against it under each of TypeScript's
 * module resolutions: node10 (the default of many existing projects, which ignores `exports`),
 * node16 and bundler.
 */
const ROOT = join(__dirname, "..");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

let projectDir: string;
let tarball: string;

beforeAll(() => {
  ({ projectDir, tarball } = installedProject("consumer"));
}, 180_000);

afterAll(() => {
  if (projectDir) rmSync(projectDir, { recursive: true, force: true });
});

test("the tarball ships the built library, its types, the sandbox and its command; no tests, maps or fixtures", () => {
  const listing = execFileSync("tar", ["-tzf", join(projectDir, tarball)], { encoding: "utf8" });
  const files = listing
    .trim()
    .split("\n")
    .map((file) => file.replace(/^package\//, ""));
  expect(files).toEqual(
    expect.arrayContaining([
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "LICENSE",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/handlers/aps-package.js",
      "dist/provider/handlers/prepared-delivery.js",
      "dist/sandbox/index.js",
      "dist/sandbox/index.d.ts",
      "dist/sandbox/cli.js",
      "dist/sandbox/demo-catalog.json",
      "dist/sandbox/demo-delivery-catalog.json",
    ]),
  );
  const unexpected = files.filter(
    (file) =>
      !/^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/(provider|sandbox)\/.*\.(js|d\.ts|json)|plugins\/(plesk|getapp)\/pulumi-resource-(plesk|getapp))$/.test(
        file,
      ),
  );
  expect(unexpected).toEqual([]);
  expect(files.filter((file) => /\.map$|test|fixture/.test(file))).toEqual([]);
});

const CONSUMER = `import { ApsPackage, PreparedDelivery, getapp, pleskEndpoint, type ApsPackageArgs } from "pulumi-plesk-aps";
import { startSandbox, type Sandbox, type SandboxOptions } from "pulumi-plesk-aps/sandbox";

const args: ApsPackageArgs = { name: "WordPress", version: "6.4" };
const options: SandboxOptions = { manualClock: true };
export async function probe(): Promise<Sandbox> {
  new ApsPackage("wp", args);
  new PreparedDelivery("nav", { catalogId: "navigator-2.4.1", deviceId: "device-17", itemType: "software" });
  pleskEndpoint({ url: "https://plesk.example.com", auth: { kind: "login", login: "admin", password: "x" } });
  getapp.normaliseGetAppUrl("https://getapp.example.com");
  return startSandbox(options);
}
`;

test.each([
  ["node10", "commonjs"],
  ["node16", "node16"],
  ["bundler", "esnext"],
])(
  "a consumer importing both entry points compiles under moduleResolution %s",
  (moduleResolution, module) => {
    writeFileSync(join(projectDir, "consumer.ts"), CONSUMER);
    const args = [
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "--moduleResolution",
      moduleResolution,
      "--module",
      module,
      "--target",
      "es2022",
      "--types",
      "node",
      "--typeRoots",
      join(ROOT, "node_modules", "@types"),
      "consumer.ts",
    ];
    let output = "";
    try {
      execFileSync(process.execPath, [TSC, ...args], { cwd: projectDir, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      output = String((error as { stdout: string }).stdout);
    }
    expect(output).toBe("");
  },
  60_000,
);

test("the consumer runs: both entry points load from the installed copy", () => {
  const script = `
    const { ApsPackage } = require("pulumi-plesk-aps");
    const { startSandbox } = require("pulumi-plesk-aps/sandbox");
    startSandbox({ manualClock: true }).then(async (sandbox) => {
      console.log(typeof ApsPackage, sandbox.url.startsWith("https://127.0.0.1:"));
      await sandbox.close();
    });`;
  expect(execFileSync(process.execPath, ["-e", script], { cwd: projectDir, encoding: "utf8" }).trim()).toBe("function true");
});

// The other route while the package is not on the registry: npm clones the repository, installs
// its build tools and runs `prepare`, which builds dist/ (dist/ is not in git).
test("installed as a git dependency, it is built and both entry points load", () => {
  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  const dir = mkdtempSync(join(tmpdir(), "plesk-aps-git-"));
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "git-consumer", private: true }));
    const pulumiVersion = require("@pulumi/pulumi/package.json").version as string;
    execFileSync(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", `git+file://${ROOT}#${commit}`, `@pulumi/pulumi@${pulumiVersion}`],
      { cwd: dir, stdio: "pipe" },
    );
    const script = 'console.log(typeof require("pulumi-plesk-aps").ApsPackage, typeof require("pulumi-plesk-aps/sandbox").startSandbox)';
    expect(execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" }).trim()).toBe("function function");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
