import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pulumiCliDir } from "../../harness/engine-project";
import { getappSchema, pleskSchema, type PackageSchema } from "../../provider/plugin/package-schema";
import { APS_PACKAGE_FIELDS } from "../../provider/resources/aps-package/package-inputs";
import { GETAPP_SETTINGS, PLESK_SETTINGS } from "../../provider/resources/common/config";
import { PREPARED_DELIVERY_FIELDS } from "../../provider/resources/prepared-delivery/delivery-inputs";

/**
 * The package schemas of the native plugin's two packages, made from the same field tables and
 * settings that check, diff and configuration use: every input, output and config key documented,
 * secrets marked; and the Pulumi CLI's own code generators take them, through the language hosts.
 */
const SCHEMAS: readonly [string, PackageSchema][] = [
  ["plesk", pleskSchema("0.2.0")],
  ["getapp", getappSchema("0.2.0")],
];

test("every input, output and config key is documented, from the declarations", () => {
  const plesk = pleskSchema("0.2.0");
  const getapp = getappSchema("0.2.0");
  expect(Object.keys(plesk.resources["plesk:index:ApsPackage"].inputProperties)).toEqual(Object.keys(APS_PACKAGE_FIELDS));
  expect(Object.keys(getapp.resources["getapp:index:PreparedDelivery"].inputProperties)).toEqual(Object.keys(PREPARED_DELIVERY_FIELDS));
  expect(Object.keys(plesk.config.variables)).toEqual([...Object.keys(PLESK_SETTINGS), "servers"]);
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

describe.each(SCHEMAS)("the %s schema through the Pulumi CLI's code generators", (name, schema) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `plesk-aps-schema-${name}-`));
    writeFileSync(join(dir, "schema.json"), JSON.stringify(schema, null, 2));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(["nodejs", "python", "go"] as const)(
    "pulumi package gen-sdk --language %s writes an SDK",
    (language) => {
      const cli = pulumiCliDir();
      const env = {
        ...process.env,
        PATH: [cli, process.env.PATH ?? ""].join(delimiter),
        PULUMI_HOME: join(dir, ".pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      };
      const out = join(dir, language);
      execFileSync(join(cli, "pulumi"), ["package", "gen-sdk", join(dir, "schema.json"), "--language", language, "--out", out], {
        env,
        stdio: "pipe",
      });
      const files = readdirSync(join(out, language), { recursive: true }).map(String);
      const resource = name === "plesk" ? "apsPackage" : "preparedDelivery";
      const expected = {
        nodejs: `${resource}.ts`,
        python: `${resource.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}.py`,
        go: `${resource}.go`,
      }[language];
      expect(files.some((file) => file.endsWith(expected))).toBe(true);
    },
    120_000,
  );
});
