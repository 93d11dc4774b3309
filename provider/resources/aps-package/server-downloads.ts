import type { Deadline } from "../../basics/deadline";
import { getDownloadTransaction, type DownloadRequest, type DownloadTaskStatus } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";
import { canonicalId } from "../../plesk/result-matching";
import { DownloadStarts } from "./download-starts";

interface Look {
  readonly tasks: readonly DownloadTaskStatus[];
  /** `download-package` packets sent before the look: their tasks may be in it, ids not yet known. */
  readonly sentBefore: readonly Promise<unknown>[];
}

/**
 * What one Plesk server is downloading, as far as this process can tell. A run killed after
 * `download-package` left a task that no state recorded, and the engine creates that resource
 * again; looking at the server's download transaction (`get-download-status` with an empty
 * filter) finds such a task, so it is waited for instead of a second download being started.
 * Such tasks were running before this process began, so one look serves all of its creates.
 * Plesk does not say which package a task fetches: a task counts as "maybe this package" unless
 * this process started it for another one, or has seen it finish.
 */
export class ServerDownloads {
  /** Every task this process started or resumed, with the request it fetches. */
  private readonly known = new Map<string, string>();
  /** Tasks of the look that this process has seen finish. */
  private readonly settled = new Set<string>();
  private readonly sending = new Set<Promise<unknown>>();
  private look: Promise<Look> | undefined;
  private readonly starts: DownloadStarts;

  constructor(private readonly client: PleskClient) {
    // After an answer that could not be paired, what started is learnt from a new look.
    this.starts = new DownloadStarts(client, () => (this.look = undefined));
  }

  /**
   * Starts a download of `request` (in one packet with others waiting to start) and remembers
   * which request its task fetches, even once the create stopped waiting for the answer. A
   * create cancelled before its packet leaves sends nothing (DownloadNotSentError).
   */
  start(requestKey: string, request: DownloadRequest, deadline: Deadline): Promise<string> {
    const sending = this.starts.start(request, { at: deadline.at, signal: deadline.timeSignal }, () => !deadline.signal.aborted);
    this.sending.add(sending);
    void sending
      .then(
        (taskId) => this.known.set(canonicalId(taskId), requestKey),
        () => undefined,
      )
      .finally(() => this.sending.delete(sending));
    return sending;
  }

  /** A task found in the state, resumed by this process. */
  remember(taskId: string, requestKey: string): void {
    this.known.set(canonicalId(taskId), requestKey);
  }

  /** A task of the look has finished: no create needs to wait for it any more. */
  settle(taskId: string): void {
    this.settled.add(canonicalId(taskId));
  }

  /**
   * Queued or running tasks that may be fetching what `requestKey` asks for. The first callers
   * share the one look at the server; a look that failed is tried again by the next.
   */
  async mayBeFetching(requestKey: string): Promise<string[]> {
    const look = (this.look ??= this.lookNow().catch((error: unknown) => {
      this.look = undefined;
      throw error;
    }));
    const { tasks, sentBefore } = await look;
    await Promise.allSettled(sentBefore);
    return tasks
      .filter((task) => task.state === "queued" || task.state === "running")
      .filter((task) => !this.settled.has(canonicalId(task.taskId)))
      .filter((task) => (this.known.get(canonicalId(task.taskId)) ?? requestKey) === requestKey)
      .map((task) => task.taskId);
  }

  private async lookNow(): Promise<Look> {
    const sentBefore = [...this.sending];
    return { tasks: await getDownloadTransaction(this.client), sentBefore };
  }
}
