import { DownloadAnswerUnmatchedError, downloadPackages, type DownloadRequest } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";

/** A request that waits for its packet, until `stillWanted` says otherwise. */
interface Queued {
  readonly request: DownloadRequest;
  /** Asked when the packet leaves: a create cancelled meanwhile sends nothing. */
  readonly stillWanted: () => boolean;
  /** When the create stops waiting for the answer: the packet waits for the latest of its creates. */
  readonly until: { readonly at: number; readonly signal: AbortSignal };
  readonly resolve: (taskId: string) => void;
  readonly reject: (error: unknown) => void;
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
  private onTheirWay = 0;
  private onePerPacket = false;

  /** `onUnmatched` hears, once for each packet, that which of its downloads started is unknown. */
  constructor(
    private readonly client: PleskClient,
    private readonly onUnmatched: () => void,
  ) {}

  /** Starts a download; its task id. */
  start(request: DownloadRequest, until: Queued["until"], stillWanted: () => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, until, stillWanted, resolve, reject });
      this.sendWhileRoom();
    });
  }

  private sendWhileRoom(): void {
    while (this.onTheirWay < PACKETS_AT_ONCE && this.queue.length > 0) {
      const taken = this.queue.splice(0, this.onePerPacket ? 1 : MAX_PER_PACKET);
      const wanted = taken.filter((queued) => queued.stillWanted());
      for (const dropped of taken.filter((queued) => !wanted.includes(queued))) dropped.reject(new DownloadNotSentError());
      if (wanted.length === 0) continue;
      this.onTheirWay++;
      void this.send(wanted).finally(() => {
        this.onTheirWay--;
        this.sendWhileRoom();
      });
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
      starts.forEach((start, i) => ("refused" in start ? batch[i].reject(start.refused) : batch[i].resolve(start.taskId)));
    } catch (error) {
      if (error instanceof DownloadAnswerUnmatchedError) {
        this.onePerPacket = true;
        this.onUnmatched();
      }
      for (const queued of batch) queued.reject(error);
    }
  }
}
