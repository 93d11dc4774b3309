import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../../harness/paths";
import { getappSchema, pleskSchema, type PackageSchema } from "../../provider/plugin/package-schema";
import { APS_PACKAGE_FIELDS } from "../../provider/resources/aps-package/package-inputs";
import { GETAPP_SETTINGS, PLESK_SETTINGS } from "../../provider/resources/common/config";
import { EXTENSION_FIELDS } from "../../provider/resources/extension/extension-inputs";
import { EXTENSION_OUTPUTS } from "../../provider/resources/extension/extension-state";
import { PREPARED_DELIVERY_FIELDS } from "../../provider/resources/prepared-delivery/delivery-inputs";

/**
 * The package schemas of the native plugin's two packages, made from the same field tables and
 * settings that check, diff and configuration use: every input, output and config key documented,
 * secrets marked; and the SDKs committed in sdk/ are what Pulumi's code generators make of them.
 */
const SCHEMAS: readonly [string, PackageSchema][] = [
  ["plesk", pleskSchema("0.2.0")],
  ["getapp", getappSchema("0.2.0")],
];

test("every input, output and config key is documented, from the declarations", () => {
  const plesk = pleskSchema("0.2.0");
  const getapp = getappSchema("0.2.0");
  expect(Object.keys(plesk.resources["plesk:index:ApsPackage"].inputProperties)).toEqual(Object.keys(APS_PACKAGE_FIELDS));
  expect(Object.keys(plesk.resources["plesk:index:Extension"].inputProperties)).toEqual(Object.keys(EXTENSION_FIELDS));
  expect(Object.keys(plesk.resources["plesk:index:Extension"].properties)).toEqual([
    ...Object.keys(EXTENSION_FIELDS),
    ...Object.keys(EXTENSION_OUTPUTS),
  ]);
  expect(Object.keys(getapp.resources["getapp:index:PreparedDelivery"].inputProperties)).toEqual(Object.keys(PREPARED_DELIVERY_FIELDS));
  expect(Object.keys(plesk.config.variables)).toEqual([...Object.keys(PLESK_SETTINGS), "servers", "skipServerCheck"]);
  expect(Object.keys(getapp.config.variables)).toEqual(Object.keys(GETAPP_SETTINGS));
  for (const [, schema] of SCHEMAS) {
    const properties = [
      ...Object.values(schema.config.variables),
      ...Object.values(schema.types).flatMap((type) => Object.values(type.properties)),
      ...Object.values(schema.resources).flatMap((resource) => [
        ...Object.values(resource.inputProperties),
        ...Object.values(resource.properties),
      ]),
    ];
    for (const property of properties) expect(property.description.length).toBeGreaterThan(10);
  }
  expect(plesk.resources["plesk:index:ApsPackage"].requiredInputs).toEqual(["name"]);
  expect(plesk.resources["plesk:index:ApsPackage"].inputProperties.downloadTimeoutSeconds.default).toBe(3600);
  expect(plesk.resources["plesk:index:Extension"].requiredInputs).toEqual(["extensionId"]);
  expect(plesk.resources["plesk:index:Extension"].inputProperties.installTimeoutSeconds.default).toBe(900);
});

test("secrets are marked secret, in config and in a named server", () => {
  const secrets = (variables: Record<string, { secret?: true }>) =>
    Object.entries(variables)
      .filter(([, property]) => property.secret)
      .map(([name]) => name);
  expect(secrets(pleskSchema("0.2.0").config.variables)).toEqual(["password", "secretKey"]);
  expect(secrets(pleskSchema("0.2.0").types["plesk:index:Server"].properties)).toEqual(["password", "secretKey"]);
  expect(secrets(getappSchema("0.2.0").config.variables)).toEqual(["deviceAuth", "token"]);
});

/** Every file under `dir`, relative to it, sorted. */
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();

test("the committed SDKs are what npm run sdks writes from the schemas now", () => {
  const out = mkdtempSync(join(tmpdir(), "plesk-aps-sdks-"));
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "sdks.mjs"), "--out", out], { stdio: "pipe" });
    const made = filesUnder(out);
    const committed = execFileSync("git", ["ls-files", "sdk"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((file) => relative("sdk", file))
      .sort();
    expect(made).toEqual(committed);
    const differing = made.filter((file) => readFileSync(join(out, file), "utf8") !== readFileSync(join(REPO_ROOT, "sdk", file), "utf8"));
    expect(differing).toEqual([]);
    // Each language's SDK has each package's resource.
    for (const [name, resource] of [
      ["plesk", "ApsPackage"],
      ["plesk", "Extension"],
      ["getapp", "PreparedDelivery"],
    ]) {
      const lower = resource[0]!.toLowerCase() + resource.slice(1);
      expect(made).toEqual(
        expect.arrayContaining([
          `nodejs/${name}/${lower}.ts`,
          `python/${name}/pulumi_${name}/${lower.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}.py`,
          `go/${name}/${lower}.go`,
        ]),
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 600_000);
