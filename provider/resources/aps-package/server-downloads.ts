import type { Deadline } from "../../basics/deadline";
import { getDownloadTransaction, type DownloadRequest, type DownloadTaskStatus } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";
import { canonicalId } from "../../plesk/result-matching";
import { MachineLock } from "../../basics/machine-lock";
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
 * Such tasks were running before this process began, so one look serves all of its creates; and
 * each `download-package` packet looks again right before it leaves, for tasks another process
 * (another stack on the same server) started since. Plesk does not say which package a task
 * fetches: a task counts as "maybe this package" unless this process started it for another one,
 * or has seen it finish. From that look until its answer names the tasks it started, a packet
 * holds a lock every process of the machine sees, so that another run on this machine looks only
 * after that answer, and finds those tasks running.
 */
export class ServerDownloads {
  /** Every task this process started or resumed, with the request it fetches. */
  private readonly known = new Map<string, string>();
  /** Tasks of the look that this process has seen finish. */
  private readonly settled = new Set<string>();
  private readonly sending = new Set<Promise<unknown>>();
  private readonly lock: MachineLock;
  /**
   * Other processes' notes (`time task`) of tasks they started before this process began, or that
   * it has waited for: the time tells a task id Plesk reused after a restart from the earlier one.
   */
  private readonly accounted: Set<string>;
  private look: Promise<Look> | undefined;
  private readonly starts: DownloadStarts;

  /** `origin`: the server's address, which names the lock of its download-package packets. */
  constructor(
    private readonly client: PleskClient,
    origin: string,
  ) {
    const lock = (this.lock = new MachineLock(`download-package ${origin}`));
    // What other runs started before this one listed the server's packages is in that list.
    this.accounted = new Set(lock.notesOfOthers());
    this.starts = new DownloadStarts(client, {
      claimServer: (signal) => lock.take(signal),
      // After an answer that could not be paired, what started is learnt from a new look.
      onUnmatched: () => (this.look = undefined),
      onStarted: (key, taskId) => {
        this.known.set(canonicalId(taskId), key);
        lock.note(`${Date.now()} ${canonicalId(taskId)}`);
      },
      startedElsewhere: (packetsOnTheirWay) => this.startedElsewhere(packetsOnTheirWay),
    });
  }

  /**
   * Starts a download of `request` (in one packet with others waiting to start) and remembers
   * which request its task fetches, even once the create stopped waiting for the answer. A
   * create cancelled before its packet leaves sends nothing (DownloadNotSentError).
   */
  start(requestKey: string, request: DownloadRequest, deadline: Deadline): Promise<string> {
    const sending = this.starts.start(
      request,
      requestKey,
      { at: deadline.at, signal: deadline.timeSignal },
      () => !deadline.signal.aborted,
    );
    this.sending.add(sending);
    void sending.catch(() => undefined).finally(() => this.sending.delete(sending));
    return sending;
  }

  /** A task found in the state, resumed by this process. */
  remember(taskId: string, requestKey: string): void {
    this.known.set(canonicalId(taskId), requestKey);
  }

  /** Tasks of the look have finished: no create needs to wait for them any more. */
  settle(taskIds: readonly string[]): void {
    const finished = new Set(taskIds.map(canonicalId));
    for (const taskId of finished) this.settled.add(taskId);
    // One read of the notes for them all.
    for (const note of this.lock.notesOfOthers()) if (finished.has(taskOf(note))) this.accounted.add(note);
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

  /**
   * Tasks this process neither started, resumed nor waited for: queued or running ones the server
   * shows, which another process started, and those another run of this machine noted it started
   * since this one began, finished or not (a quick download ends before anyone looks). The packets
   * still on their way are answered first, so that the tasks they started are known by then.
   */
  private async startedElsewhere(packetsOnTheirWay: readonly Promise<void>[]): Promise<string[]> {
    const tasks = await getDownloadTransaction(this.client);
    await Promise.allSettled(packetsOnTheirWay);
    const running = tasks
      .filter((task) => task.state === "queued" || task.state === "running")
      .map((task) => canonicalId(task.taskId))
      .filter((taskId) => !this.known.has(taskId) && !this.settled.has(taskId));
    const noted = this.lock
      .notesOfOthers()
      .filter((note) => !this.accounted.has(note))
      .map(taskOf);
    const elsewhere = [...new Set([...running, ...noted])];
    // The shared look no longer holds all there is to wait for: the next create looks anew.
    if (elsewhere.length > 0) this.look = undefined;
    return elsewhere;
  }

  private async lookNow(): Promise<Look> {
    const sentBefore = [...this.sending];
    return { tasks: await getDownloadTransaction(this.client), sentBefore };
  }
}

/** The task id of a note `time task`. */
const taskOf = (note: string) => note.slice(note.indexOf(" ") + 1);
