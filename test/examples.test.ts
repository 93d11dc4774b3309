import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
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

// A Pulumi.yaml for each runnable example, naming a program that exists, with no config that
// would shadow the environment variables users set.
test.each([
  ["Pulumi.yaml", "examples/quickstart"],
  ["examples/delivery/Pulumi.yaml", "examples/delivery"],
  ["examples/fleet/Pulumi.yaml", "examples/fleet"],
])("%s runs %s with the nodejs runtime and holds no config", (projectFile, programDir) => {
  const root = join(__dirname, "..");
  const text = readFileSync(join(root, projectFile), "utf8");
  expect(text).toMatch(/^runtime:\n {2}name: nodejs\n/m);
  const main = /^main: (.+)$/m.exec(text)?.[1] ?? "";
  expect(join(root, dirname(projectFile), main)).toBe(join(root, programDir) + (main.endsWith("/") ? "/" : ""));
  expect(existsSync(join(root, programDir, "index.ts"))).toBe(true);
  expect(text).not.toMatch(/^config:/m);
});
