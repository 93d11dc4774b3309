import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../harness/paths";

// The layer rule as CI runs it: ESLint with the repository's own config, one file name per case.
const CASES: readonly (readonly [file: string, source: string, problem: RegExp | null])[] = [
  ["provider/getapp/probe.ts", 'import "../basics/errors";', null],
  ["provider/getapp/probe.ts", 'import "../plesk/errors";', /provider\/getapp may not import provider\/plesk\/errors/],
  ["provider/plesk/probe.ts", 'import "@pulumi/pulumi";', /may not import @pulumi\/pulumi/],
  ["provider/http/probe.ts", 'import "../resources/common/config";', /provider\/http may not import/],
  ["provider/resources/aps-package/probe.ts", 'import "../../getapp/delivery-api";', /may not import provider\/getapp/],
  ["provider/resources/aps-package/probe.ts", 'import "../../plesk/aps";', null],
  ["provider/handlers/probe.ts", 'import "../program/aps-package";', /provider\/handlers may not import provider\/program/],
  ["provider/resources/common/probe.ts", 'import "@pulumi/pulumi";', /may not import @pulumi\/pulumi/],
  ["provider/resources/aps-package/probe.ts", 'import "@pulumi/pulumi/proto/provider_pb";', /may not import @pulumi\/pulumi/],
  ["provider/handlers/probe.ts", 'import "@pulumi/pulumi";', null],
  ["provider/plugin/probe.ts", 'import "../handlers/entry-module";', /provider\/plugin may not import provider\/handlers/],
  ["provider/index.ts", 'export * from "./program/aps-package";', null],
  ["provider/elsewhere/probe.ts", "export const x = 1;", /is in no layer/],
  ["sandbox/probe.ts", 'import "../provider/plesk/client";', /sandbox may not import provider/],
  ["sandbox/probe.ts", 'const x = require("../provider/basics/errors");\nexport { x };', /sandbox may not import provider/],
  ["test/probe.test.ts", 'import "../provider";', null],
];

const LINT_EACH = `
const { ESLint } = require("eslint");
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const cases = JSON.parse(process.argv[1]);
  const found = [];
  for (const [file, source] of cases) {
    const [result] = await eslint.lintText(source, { filePath: file });
    found.push(result.messages.filter((m) => m.ruleId === "layers/import-layers").map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(found));
})();`;

test("imports go only downward, the clients, the resources and the sandbox know nothing of Pulumi, every file has a layer", () => {
  const cases = CASES.map(([file, source]) => [file, source]);
  const found = JSON.parse(
    execFileSync(process.execPath, ["-e", LINT_EACH, JSON.stringify(cases)], { cwd: REPO_ROOT, encoding: "utf8" }),
  ) as string[][];
  CASES.forEach(([file, source, problem], index) => {
    const messages = found[index];
    if (problem === null) expect({ file, source, messages }).toEqual({ file, source, messages: [] });
    else expect({ file, source, messages }).toEqual({ file, source, messages: [expect.stringMatching(problem)] });
  });
});
