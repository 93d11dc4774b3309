import { DownloadAnswerUnmatchedError, downloadPackages, type DownloadRequest } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";

/** A request that waits for its packet, until `stillWanted` says otherwise. */
interface Queued {
  readonly request: DownloadRequest;
  /** The key identical requests share. */
  readonly key: string;
  /** Asked when the packet leaves: a create cancelled meanwhile sends nothing. */
  readonly stillWanted: () => boolean;
  /** When the create stops waiting for the answer: the packet waits for the latest of its creates. */
  readonly until: { readonly at: number; readonly signal: AbortSignal };
  readonly resolve: (taskId: string) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Right before its packet left, the server was found running downloads that no create of this
 * process started or waited for: another process (another stack) started them meanwhile, and one
 * may be this package. Nothing was sent; the create waits for them and looks again.
 */
export class StartedElsewhereError extends Error {
  constructor(readonly taskIds: readonly string[]) {
    super(`the server started download task ${taskIds.join(", ")} meanwhile`);
    this.name = "StartedElsewhereError";
  }
}

/** What the server's downloads are told, and asked before each packet. */
export interface StartHooks {
  /** Holds the server against other processes' packets from the look to the answer; a function that lets go. */
  readonly claimServer: (signal: AbortSignal) => Promise<() => void>;
  /** Once for each packet whose answer could not be paired with its requests: which of its downloads started is unknown. */
  readonly onUnmatched: () => void;
  /** A request's download started as `taskId`; said before its create hears it. */
  readonly onStarted: (key: string, taskId: string) => void;
  /**
   * Asked right before a packet leaves, with the packets still on their way: queued or running
   * tasks that no create of this process started or waited for.
   */
  readonly startedElsewhere: (packetsOnTheirWay: readonly Promise<void>[]) => Promise<readonly string[]>;
}

/** The create was cancelled while its request waited for a packet: nothing was sent for it. */
export class DownloadNotSentError extends Error {
  constructor() {
    super("cancelled before its download-package was sent");
    this.name = "DownloadNotSentError";
  }
}

/** Packets on their way at once; requests that come meanwhile wait and leave together. */
const PACKETS_AT_ONCE = 2;
const MAX_PER_PACKET = 100;

/**
 * The `download-package` requests of one server: a request leaves at once while few packets are
 * on their way, else it waits and leaves with the others that came meanwhile, several operations
 * in one packet. So a slow panel gets fewer, fuller packets instead of one per create queueing at
 * its few workers, and a fast one sees no wait.
 *
 * A server whose answer to several operations cannot be paired with them gets one operation per
 * packet from then on; the creates of that packet are told with DownloadAnswerUnmatchedError.
 */
export class DownloadStarts {
  private readonly queue: Queued[] = [];
  /** Packets sent whose answers have not come. */
  private readonly onTheirWay = new Set<Promise<void>>();
  /** Packets taken from the queue: looking at the server, then on their way. */
  private taken = 0;
  private onePerPacket = false;

  constructor(
    private readonly client: PleskClient,
    private readonly hooks: StartHooks,
  ) {}

  /** Starts a download; its task id. */
  start(request: DownloadRequest, key: string, until: Queued["until"], stillWanted: () => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, key, until, stillWanted, resolve, reject });
      this.sendWhileRoom();
    });
  }

  private sendWhileRoom(): void {
    while (this.taken < PACKETS_AT_ONCE && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.onePerPacket ? 1 : MAX_PER_PACKET);
      this.taken++;
      void this.lookThenSend(batch).finally(() => {
        this.taken--;
        this.sendWhileRoom();
      });
    }
  }

  /**
   * The server's downloads are looked at right before the packet leaves: a download another
   * process started since these creates last looked sends them back to wait for it.
   */
  private async lookThenSend(taken: readonly Queued[]): Promise<void> {
    const latest = taken.reduce((a, b) => (b.until.at > a.until.at ? b : a));
    let release: () => void;
    try {
      release = await this.hooks.claimServer(latest.until.signal);
    } catch (error) {
      // Every create of the packet ran out of time waiting for another run's packet: nothing was sent.
      for (const queued of taken) queued.reject(latest.until.signal.aborted ? new DownloadNotSentError() : error);
      return;
    }
    try {
      let elsewhere: readonly string[];
      try {
        elsewhere = await this.hooks.startedElsewhere([...this.onTheirWay]);
      } catch (error) {
        for (const queued of taken) queued.reject(error);
        return;
      }
      const wanted = taken.filter((queued) => queued.stillWanted());
      for (const dropped of taken.filter((queued) => !wanted.includes(queued))) dropped.reject(new DownloadNotSentError());
      if (elsewhere.length > 0) {
        for (const queued of wanted) queued.reject(new StartedElsewhereError(elsewhere));
        return;
      }
      if (wanted.length === 0) return;
      const sending = this.send(wanted);
      this.onTheirWay.add(sending);
      await sending.finally(() => this.onTheirWay.delete(sending));
    } finally {
      release();
    }
  }

  private async send(batch: readonly Queued[]): Promise<void> {
    // Once sent, the answer is read for as long as any of its creates waits: it names what started.
    const latest = batch.reduce((a, b) => (b.until.at > a.until.at ? b : a));
    try {
      const starts = await downloadPackages(
        this.client,
        batch.map((queued) => queued.request),
        { signal: latest.until.signal },
      );
      starts.forEach((start, i) => {
        if ("refused" in start) return batch[i].reject(start.refused);
        this.hooks.onStarted(batch[i].key, start.taskId);
        batch[i].resolve(start.taskId);
      });
    } catch (error) {
      if (error instanceof DownloadAnswerUnmatchedError) {
        this.onePerPacket = true;
        this.hooks.onUnmatched();
      }
      for (const queued of batch) queued.reject(error);
    }
  }
}
