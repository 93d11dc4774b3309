import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { REPO_ROOT } from "./paths";

/** This package as `npm pack` makes it, written into `dir` (as users get it); the tarball's file name. */
export function packInto(dir: string): string {
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT, stdio: "pipe" });
  return readdirSync(dir).find((file) => file.endsWith(".tgz"))!;
}
