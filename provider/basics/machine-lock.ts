import { createHash } from "node:crypto";
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How often a waiting process looks whether the lock is free again. */
const RETRY_MS = 20;
/** A lock held longer than this is taken for abandoned (its holder hangs on a stalled server). */
const ABANDONED_MS = 60_000;
/** The notes log is cut back to its latest notes past this size. */
const MAX_NOTES_BYTES = 256 * 1024;
const KEPT_NOTES = 1000;

/**
 * A lock every process of this machine and user sees: a file created exclusively in the temporary
 * folder, holding its owner's process id. A lock whose owner is gone (killed), or that is older
 * than a minute, is broken. Within one process it is shared: every holder gets it at once, and the
 * file goes when the last lets go. Beside it, a log of notes the holders leave for the processes
 * that take it after them.
 */
export class MachineLock {
  private readonly path: string;
  private readonly notesPath: string;
  private holders = 0;
  private taking: Promise<void> | undefined;

  /** `name`: what is locked (a server's address, say), turned into a file name. */
  constructor(name: string) {
    const folder = join(tmpdir(), "pulumi-plesk-aps-locks");
    mkdirSync(folder, { recursive: true });
    const file = createHash("sha256").update(name).digest("hex").slice(0, 32);
    this.path = join(folder, `${file}.lock`);
    this.notesPath = join(folder, `${file}.notes`);
  }

  /** Leaves a note (one line of text) for other processes; said while holding the lock. The log keeps the latest notes. */
  note(text: string): void {
    appendFileSync(this.notesPath, `${process.pid} ${text}\n`, { mode: 0o600 });
    if (statSync(this.notesPath).size > MAX_NOTES_BYTES) {
      const lines = readFileSync(this.notesPath, "utf8").split("\n").filter(Boolean);
      writeFileSync(this.notesPath, lines.slice(-KEPT_NOTES).join("\n") + "\n", { mode: 0o600 });
    }
  }

  /** Every note other processes left, oldest first. */
  notesOfOthers(): string[] {
    let text: string;
    try {
      text = readFileSync(this.notesPath, "utf8");
    } catch {
      return [];
    }
    const own = `${process.pid} `;
    return text
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith(own))
      .map((line) => line.slice(line.indexOf(" ") + 1));
  }

  /** Takes the lock, waiting while another process holds it, until `signal` aborts; a function that lets go of it. */
  async take(signal: AbortSignal): Promise<() => void> {
    if (this.holders === 0) {
      this.taking ??= this.takeFile(signal).finally(() => (this.taking = undefined));
      await this.taking;
    }
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holders === 0) this.releaseFile();
    };
  }

  private async takeFile(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      try {
        const fd = openSync(this.path, "wx", 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const abandonedBy = this.abandonedBy();
      if (abandonedBy !== undefined) {
        this.unlinkIf((owner) => owner === abandonedBy);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RETRY_MS);
        signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  /** The holder of a lock to break: its process is gone, or it held the lock too long. */
  private abandonedBy(): number | undefined {
    let owner: number;
    try {
      owner = Number(readFileSync(this.path, "utf8"));
      if (!Number.isInteger(owner) || owner <= 0) return undefined; // being written: look again
      if (Date.now() - statSync(this.path).mtimeMs > ABANDONED_MS) return owner;
    } catch {
      return undefined; // let go of meanwhile: try to take it
    }
    try {
      process.kill(owner, 0);
      return undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ESRCH" ? owner : undefined;
    }
  }

  private releaseFile(): void {
    this.unlinkIf((owner) => owner === process.pid);
  }

  private unlinkIf(holds: (owner: number) => boolean): void {
    try {
      if (holds(Number(readFileSync(this.path, "utf8")))) unlinkSync(this.path);
    } catch {
      // Gone already: another process broke it.
    }
  }
}
