import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { registrationsOf } from "../harness/registrations";

/** The quickstart program under pulumi.runtime.setMocks: what it declares, as Pulumi registers it. */
test("the quickstart declares three ApsPackages with their inputs and a serialized provider", async () => {
  const root = join(__dirname, "..");
  const registrations = await registrationsOf(root, join(root, "dist", "examples", "quickstart", "index.js"));
  const declared = registrations.map(({ type, name, inputs }) => {
    const { __provider, ...rest } = inputs;
    return { type, name, inputs: rest, provider: typeof __provider === "string" && __provider.includes("exports.handler") };
  });
  expect(declared.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { type: "pulumi-nodejs:dynamic/plesk:ApsPackage", name: "joomla", inputs: { name: "Joomla" }, provider: true },
    { type: "pulumi-nodejs:dynamic/plesk:ApsPackage", name: "nextcloud", inputs: { name: "Nextcloud", visible: false }, provider: true },
    {
      type: "pulumi-nodejs:dynamic/plesk:ApsPackage",
      name: "wordpress",
      inputs: { name: "WordPress", version: "6.4", release: "2" },
      provider: true,
    },
  ]);
});

// Each example is a Pulumi project a user can copy: its Pulumi.yaml (nodejs, no config that would
// shadow the environment variables users set), a package.json whose main is its TypeScript
// program, and that program's tsconfig.json.
test.each(["quickstart", "delivery", "fleet", "extensions"])("examples/%s is a project of its own", (example) => {
  const dir = join(__dirname, "..", "examples", example);
  const project = readFileSync(join(dir, "Pulumi.yaml"), "utf8");
  expect(project).toMatch(/^runtime: nodejs$/m);
  expect(project).not.toMatch(/^(config|main):/m);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { main: string; dependencies: Record<string, string> };
  expect(manifest.main).toBe("index.ts");
  expect(Object.keys(manifest.dependencies).sort()).toEqual(["@pulumi/pulumi", "pulumi-plesk-aps"]);
  expect(existsSync(join(dir, "index.ts"))).toBe(true);
  expect(existsSync(join(dir, "tsconfig.json"))).toBe(true);
  expect(readFileSync(join(dir, "index.ts"), "utf8")).toMatch(/from "pulumi-plesk-aps";/);
  expect(existsSync(join(dir, "README.md"))).toBe(true);
});

test("the repository's root Pulumi.yaml is a YAML program over the clone's own plugins, not the library", () => {
  const project = readFileSync(join(__dirname, "..", "Pulumi.yaml"), "utf8");
  expect(project).toMatch(/^runtime: yaml$/m);
  expect(project).not.toMatch(/^(config|main):/m);
  expect(project).toMatch(/^ {4}- name: plesk\n {6}path: \.\/plugins\/plesk$/m);
  expect(project).toMatch(/^ {4}- name: getapp\n {6}path: \.\/plugins\/getapp$/m);
  for (const type of ["plesk:index:Extension", "plesk:index:ApsPackage", "getapp:index:PreparedDelivery"])
    expect(project).toContain(`type: ${type}`);
});
