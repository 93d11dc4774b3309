// Before `tsc` writes dist/ anew: removes what it wrote last time (the folders its config
// includes), so that no output of a deleted source lingers, and nothing else: the plugin
// archives `npm run plugins` left in dist/plugins stay. `node scripts/clean-build.mjs [ROOT]`.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, ".."));
const { include } = JSON.parse(readFileSync(path.join(root, "tsconfig.build.json"), "utf8"));
for (const folder of include) rmSync(path.join(root, "dist", folder), { recursive: true, force: true });
