import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Stops every sandbox a script started under `dir`, by the pid of its ready line in its log (as docs/sandbox.md says to). */
export function stopSandboxes(dir: string): void {
  const logs = (folder: string): string[] =>
    existsSync(folder)
      ? readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? logs(join(folder, entry.name)) : entry.name.endsWith("log") ? [join(folder, entry.name)] : [],
        )
      : [];
  for (const log of logs(dir)) {
    const ready = /^ready (.+)$/m.exec(readFileSync(log, "utf8"))?.[1];
    if (ready === undefined) continue;
    try {
      process.kill((JSON.parse(ready) as { pid: number }).pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}
