/** A server's reads, as the activity of the whole process sees them. */
export interface ServerReads {
  /** Asks for the whole list now, for the reads about to come, unless this server already has one or changed. */
  listAhead(): void;
}

/**
 * Whether reads by id came as a burst in this process, over every server it reaches. A refresh
 * of a fleet hands its reads over a few at a time across all servers, so one server's share of a
 * burst is small even when the burst is large: this is what tells the burst apart from a read
 * that comes alone.
 *
 * The CLI hands the state's reads over in order, server after server, and each group waits for
 * its server's list: once one server's refresh needs its whole list, every other server the
 * process knows is asked for its own at the same time, instead of one round trip after another.
 */
export class ReadActivity {
  /** When the last `burst` reads by id were asked for, oldest first. */
  private readonly last: number[] = [];
  private readonly servers = new Set<ServerReads>();

  constructor(
    private readonly burst: number,
    private readonly windowMs: number,
  ) {}

  /** A server whose reads count here, and which lists ahead when another server's refresh needs its list. */
  join(server: ServerReads): void {
    this.servers.add(server);
  }

  /** `from` asks for its whole list for a refresh's reads: the other servers ask for theirs. */
  refreshListed(from: ServerReads): void {
    for (const server of this.servers) if (server !== from) server.listAhead();
  }

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
