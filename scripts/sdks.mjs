// `npm run sdks`: the Node.js, Python and Go SDKs of the `plesk` and `getapp` packages, written
// under sdk/ by the project's own generator (sdkgen/, Pulumi's code generators from the Go module
// proxy) from the schemas the plugins publish. `--out DIR` writes them elsewhere (the test that
// checks the committed ones does).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const REPO = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { out: { type: "string", default: path.join(REPO, "sdk") } } });
const out = path.resolve(values.out);

const require = createRequire(import.meta.url);
const { pleskSchema, getappSchema } = require(path.join(REPO, "dist", "provider", "plugin", "package-schema.js"));
const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));

const work = mkdtempSync(path.join(tmpdir(), "plesk-aps-sdks-"));
try {
  const schemas = [pleskSchema(version), getappSchema(version)].map((schema) => {
    const file = path.join(work, `${schema.name}.json`);
    writeFileSync(file, JSON.stringify(schema, null, 2));
    return file;
  });
  const go = (args, cwd) =>
    execFileSync("go", args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CGO_ENABLED: "0" } });
  go(["build", "-o", path.join(work, "sdkgen"), "."], path.join(REPO, "sdkgen"));
  execFileSync(path.join(work, "sdkgen"), ["-out", out, ...schemas], { stdio: "inherit" });
  // The Go SDK's module lists every module it needs, with their sums, as a published module does.
  go(["mod", "tidy"], out);
  console.log(`SDKs written under ${path.relative(process.cwd(), out) || "."}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
