/**
 * Whether reads by id came as a burst in this process, over every server it reaches. A refresh
 * of a fleet hands its reads over a few at a time across all servers, so one server's share of a
 * burst is small even when the burst is large: this is what tells the burst apart from a read
 * that comes alone.
 */
export class ReadActivity {
  /** When the last `burst` reads by id were asked for, oldest first. */
  private readonly last: number[] = [];

  constructor(
    private readonly burst: number,
    private readonly windowMs: number,
  ) {}

  /** A read by id was asked for at `at`. */
  asked(at: number): void {
    this.last.push(at);
    if (this.last.length > this.burst) this.last.shift();
  }

  /** At least `burst` reads by id, on any server, within the window up to `at`. */
  isBurst(at: number): boolean {
    return this.last.length === this.burst && (this.last[0] ?? Number.NEGATIVE_INFINITY) >= at - this.windowMs;
  }
}
