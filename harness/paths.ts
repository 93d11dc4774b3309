import { join } from "node:path";

/** The repository, whether this runs from its TypeScript sources (tests) or from dist/ (demo, bench). */
export const REPO_ROOT = __filename.endsWith(".ts") ? join(__dirname, "..") : join(__dirname, "..", "..");
export const DIST = join(REPO_ROOT, "dist");
