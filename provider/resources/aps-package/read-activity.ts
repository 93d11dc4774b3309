/**
 * When reads by id were asked for in this process, over every server it reaches. A refresh of a
 * fleet hands its reads over a few at a time across all servers, so one server's share of a
 * burst is small even when the burst is large: this is what tells the burst apart from a read
 * that comes alone.
 */
export class ReadActivity {
  private times: number[] = [];

  constructor(private readonly windowMs: number) {}

  /** A read by id was asked for at `at`. */
  asked(at: number): void {
    this.times.push(at);
    this.forgetBefore(at - this.windowMs);
  }

  /** Reads by id asked for in the window up to `at`, on any server. */
  recent(at: number): number {
    this.forgetBefore(at - this.windowMs);
    return this.times.length;
  }

  private forgetBefore(cutoff: number): void {
    const kept = this.times.findIndex((time) => time >= cutoff);
    this.times = kept === -1 ? [] : this.times.slice(kept);
  }
}
