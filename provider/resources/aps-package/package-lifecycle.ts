import { DescribedError, hasCode } from "../../basics/errors";
import { beforeAbort, beforeDeadline, wasCancelled, type Deadline } from "../../basics/deadline";
import {
  DownloadAnswerUnmatchedError,
  getDownloadStatus,
  setPackagesVisible,
  type ApsServerPackage,
  type DownloadRequest,
} from "../../plesk/aps";
import { canonicalId } from "../../plesk/result-matching";
import { withoutUndefined } from "../../basics/without-undefined";
import { isPleskApiError, type PleskApiError } from "../../plesk/errors";
import type { Adopted } from "../common/resource-lifecycle";
import { ResourceNotReadyError, type Created, type ReadResult } from "../common/resource-values";
import { DownloadProgress } from "./download-progress";
import { DownloadNotSentError, StartedElsewhereError } from "./download-starts";
import type { FinishedStatus } from "./download-watcher";
import type { Acquisition, PackageServices } from "./package-services";
import { DEFAULT_DOWNLOAD_TIMEOUT_SECONDS, type ApsPackageInputs } from "./package-inputs";
import { describeIdentity, isAskedFor, isRecordedPackage } from "./package-identity";
import { desiredFromState, liveOutputs, packageLabel, pendingId, pendingOutputs, type ApsPackageOutputs } from "./package-state";
import { highestVersion } from "./version-order";

export interface LifecycleContext extends PackageServices {
  readonly say: (line: string) => void;
  readonly warn: (line: string) => void;
}

/**
 * Adopts an identical package already on the server, or one a download already running there
 * produces, or downloads it and waits. Every step ends by the deadline.
 */
export async function createPackage(
  ctx: LifecycleContext,
  inputs: ApsPackageInputs,
  deadline: Deadline,
): Promise<Created<ApsPackageOutputs>> {
  // A list another create with no more time than this one gave up on is not waited for again: at
  // the CLI's few operations at a time, each create of a stalled server would hold a slot for its deadline.
  const silentMs = ctx.reads.abandonedListMs(deadline.allowedMs);
  if (silentMs !== undefined) throw serverSilent(ctx, inputs, deadline, silentMs);
  const searching = () => {
    ctx.reads.gaveUpOnList(deadline.allowedMs);
    return nothingStarted(inputs, deadline, "looking for it on the server")();
  };
  const onServer = await beforeDeadline(heldOnServer(ctx, inputs), deadline, searching);
  if (onServer)
    return adopt(ctx, inputs, onServer, {}, (live) => `already on the server as package ${live.id}; adopted, nothing downloaded`);

  // Resources asking for the identical package in one run share one acquisition and one download.
  // One that succeeded stays: a search that began before its package was read back missed it.
  const { request, key } = downloadRequest(inputs);
  const shared = ctx.acquisitions.get(key);
  const acquiring = shared ?? acquire(ctx, inputs, request, key, deadline);
  if (!shared) {
    ctx.acquisitions.set(key, acquiring);
    acquiring.catch(() => {
      if (ctx.acquisitions.get(key) === acquiring) ctx.acquisitions.delete(key);
    });
  }
  const acquired = await acquiring;
  if (acquired.kind === "found") {
    return adopt(
      ctx,
      inputs,
      acquired.live,
      { downloadTaskId: acquired.byTask },
      (live) =>
        `a download already running on the server${acquired.byTask ? ` (task ${acquired.byTask})` : ""} produced package ${live.id}; adopted, nothing downloaded twice`,
    );
  }
  return awaitDownload(ctx, inputs, acquired.taskId, deadline);
}

/**
 * An identical package the server holds: found among what this process knows of the server,
 * then read by its id, so that only what the server says of that id now is adopted.
 */
async function heldOnServer(ctx: LifecycleContext, inputs: ApsPackageInputs): Promise<ApsServerPackage | undefined> {
  const candidate = findOnServer(await ctx.reads.search(), inputs);
  if (!candidate) return undefined;
  const live = await ctx.reads.get(candidate.id);
  return live && isAskedFor(live, inputs) ? live : findOnServer(await ctx.reads.listAll(), inputs);
}

/**
 * Waits for downloads the server is already running that may be this package (a killed run
 * leaves one that no state recorded); adopts the package if one of them produced it, else
 * sends `download-package`. `unpaired`: an earlier packet of this create may have started it.
 * `startedElsewhere`: tasks another run started since this one looked, finished or not.
 */
async function acquire(
  ctx: LifecycleContext,
  inputs: ApsPackageInputs,
  request: DownloadRequest,
  key: string,
  deadline: Deadline,
  unpaired = false,
  startedElsewhere: readonly string[] = [],
): Promise<Acquisition> {
  const label = packageLabel(inputs);
  const looked = await beforeDeadline(
    ctx.serverDownloads.mayBeFetching(key),
    deadline,
    nothingStarted(inputs, deadline, "looking at the server's running downloads"),
  );
  const running = [...new Set([...looked, ...startedElsewhere])];
  if (running.length > 0) {
    ctx.say(
      `${label}: the server is already downloading task ${running.join(", ")}, ${unpaired ? "which may be this package" : "started outside this run"}; waiting for it before downloading, so nothing is downloaded twice`,
    );
    const outcomes = await Promise.all(
      running.map((taskId) =>
        ctx.watcher.wait(taskId, { deadline }).catch((error: unknown) => {
          if (hasCode(error, "PACKAGE_WAIT_ENDED"))
            throw nothingStarted(inputs, deadline, `waiting for the server's running download task ${running.join(", ")}`)();
          throw error;
        }),
      ),
    );
    ctx.serverDownloads.settle(running);
    const live = await beforeDeadline(
      producedBy(ctx, outcomes, inputs),
      deadline,
      nothingStarted(inputs, deadline, "looking for it on the server"),
    );
    if (live) {
      const byTask = outcomes.find(
        (outcome) => outcome.state === "succeeded" && canonicalId(outcome.packageId) === canonicalId(live.id),
      )?.taskId;
      return { kind: "found", live, byTask };
    }
    if (!unpaired) ctx.say(`${label}: the server's running downloads produced other packages; downloading it now`);
  }
  if (unpaired) {
    // Finished already, the unpaired download is no longer running: the server's packages tell.
    const live = findOnServer(
      await beforeDeadline(ctx.reads.listAll(), deadline, nothingStarted(inputs, deadline, "looking for it on the server")),
      inputs,
    );
    if (live) return { kind: "found", live };
    ctx.say(`${label}: not on the server and not downloading; asking for it again, alone`);
  }
  return startDownload(ctx, inputs, request, key, deadline, unpaired);
}

/**
 * Sends `download-package`, in one packet with other creates' where they wait together. An
 * answer that cannot be paired with that packet's requests sends the create back to look at
 * what the server runs and holds, once.
 */
async function startDownload(
  ctx: LifecycleContext,
  inputs: ApsPackageInputs,
  request: DownloadRequest,
  key: string,
  deadline: Deadline,
  unpaired: boolean,
): Promise<Acquisition> {
  const label = packageLabel(inputs);
  const waitingForItsTurn = nothingStarted(inputs, deadline, "waiting for its turn to download");
  if (deadline.signal.aborted) throw waitingForItsTurn();
  const noAnswer = (cause?: unknown) =>
    new DescribedError(
      "PACKAGE_NO_TIME",
      `${label}: download-package got no answer within ${deadline.bound}. ` +
        "The server may have started the download: the next pulumi up finds it among the server's running downloads and waits for it instead of starting another.",
      cause === undefined ? {} : { cause },
    );
  try {
    // Once sent, download-package is answered even in a cancelled run: its answer names the task to
    // record. The create waits for it until its own time; the packet goes on for the others in it.
    const sending = ctx.serverDownloads.start(key, request, deadline);
    const taskId = await changingServer(ctx, () => beforeAbort(sending, deadline.timeSignal, noAnswer));
    return { kind: "started", taskId };
  } catch (error) {
    if (error instanceof DownloadNotSentError) throw waitingForItsTurn();
    if (inputs.catalogUrl === undefined && isPleskApiError(error) && error.errcode === CATALOG_UNREACHABLE)
      throw catalogGone(ctx, inputs, error);
    // Another run started downloads on this server since this create looked: wait for them first.
    if (error instanceof StartedElsewhereError) return acquire(ctx, inputs, request, key, deadline, unpaired, error.taskIds);
    if (error instanceof DownloadAnswerUnmatchedError && !unpaired) {
      ctx.say(`${label}: ${error.message}; looking at what the server downloads and holds before asking again, one package a packet`);
      return acquire(ctx, inputs, request, key, deadline, true);
    }
    if (!deadline.timeSignal.aborted || hasCode(error, "PACKAGE_NO_TIME")) throw error;
    throw noAnswer(error);
  }
}

/**
 * This package, if finished downloads produced it: read by the ids they name; by the whole list
 * when Plesk forgot one of the tasks, since only the server's packages then tell what it made.
 */
async function producedBy(
  ctx: LifecycleContext,
  outcomes: readonly FinishedStatus[],
  inputs: ApsPackageInputs,
): Promise<ApsServerPackage | undefined> {
  if (outcomes.some((outcome) => outcome.state === "unknown")) return findOnServer(await ctx.reads.listAll(), inputs);
  const produced = await Promise.all(
    outcomes.flatMap((outcome) => (outcome.state === "succeeded" ? [ctx.reads.get(outcome.packageId)] : [])),
  );
  return findOnServer(
    produced.filter((pkg): pkg is ApsServerPackage => pkg !== undefined),
    inputs,
  );
}

/** Plesk's code for a download-package its catalog could not serve (PROTOCOL.md §2): on a current panel, the default catalog is gone. */
const CATALOG_UNREACHABLE = 1023;

/** The default APS catalog refused: Plesk removed the APS Catalog from every Obsidian version (PROTOCOL.md §6). */
function catalogGone(ctx: LifecycleContext, inputs: ApsPackageInputs, refusal: PleskApiError): DescribedError {
  return new DescribedError(
    "PACKAGE_CATALOG_GONE",
    `${packageLabel(inputs)}: Plesk at ${ctx.origin} could not download from its default APS catalog (error ${refusal.errcode}: ${refusal.errtext}). ` +
      "Plesk has removed the APS Catalog from every Plesk Obsidian version, so current panels have none to serve. " +
      "Set catalogUrl to a self-hosted APS catalog, or declare what current Plesk installs as an Extension (WP Toolkit, Let's Encrypt, …). Nothing was recorded.",
    { cause: refusal },
  );
}

function serverSilent(ctx: LifecycleContext, inputs: ApsPackageInputs, deadline: Deadline, silentMs: number): Error {
  return new DescribedError(
    "PACKAGE_NO_TIME",
    `${packageLabel(inputs)}: ${ctx.origin} has not answered the package list asked for ${Math.round(silentMs / 1000)} s ago, ` +
      `which a create given no more time than this one (${deadline.bound}) gave up waiting for; nothing was started, run pulumi up again once the server answers`,
  );
}

/** A create that ran out of time, or was cancelled, before anything was started on the server: nothing to resume. */
function nothingStarted(inputs: ApsPackageInputs, deadline: Deadline, step: string): () => Error {
  return () =>
    new DescribedError(
      "PACKAGE_NO_TIME",
      `${packageLabel(inputs)}: ${wasCancelled(deadline) ? `the run was cancelled while ${step}` : `${step} took longer than ${deadline.bound}`}; ` +
        "nothing was started, run pulumi up again",
    );
}

async function adopt(
  ctx: LifecycleContext,
  inputs: ApsPackageInputs,
  found: ApsServerPackage,
  facts: { downloadTaskId?: string | undefined },
  line: (live: ApsServerPackage) => string,
): Promise<Created<ApsPackageOutputs>> {
  const live = await applyVisibility(ctx, found, inputs.visible);
  claim(ctx, live.id, "adopted");
  ctx.say(`${packageLabel({ ...live, server: inputs.server })}: ${line(live)}`);
  return { id: live.id, outs: liveOutputs(inputs, live, { adopted: true, ...withoutUndefined(facts) }) };
}

/**
 * Waits for a started download and reads the package back. A wait that ends early (deadline,
 * a cancelled run, lost connection) leaves the download running in Plesk, so it fails with the
 * resource's id: the next `pulumi up` resumes waiting on the same task rather than downloading again.
 */
export async function awaitDownload(
  ctx: LifecycleContext,
  inputs: ApsPackageInputs,
  taskId: string,
  deadline: Deadline,
  resumed = false,
): Promise<Created<ApsPackageOutputs>> {
  const label = packageLabel(inputs);
  const progress = new DownloadProgress(label, taskId, ctx.say, { resumed });
  const notReady = (why: string) =>
    new ResourceNotReadyError(
      `${label}: ${why}. Download task ${taskId} goes on in Plesk; run pulumi up again to keep waiting for it (nothing is downloaded twice).`,
      pendingId(taskId),
      pendingOutputs(inputs, taskId, progress.totalBytes),
    );
  const outOfTime = () =>
    notReady(wasCancelled(deadline) ? "the run was cancelled while it downloaded" : `still downloading after ${deadline.bound}`);
  let finished: FinishedStatus;
  try {
    finished = await ctx.watcher.wait(taskId, { deadline, onStatus: (status) => progress.observe(status) });
    // A finished download put a package on the server that earlier lists do not hold.
    ctx.reads.forget();
  } catch (error) {
    throw hasCode(error, "PACKAGE_WAIT_ENDED") ? outOfTime() : notReady(`lost track of the download: ${(error as Error).message}`);
  }

  let live: ApsServerPackage | undefined;
  if (finished.state === "failed") {
    throw new DescribedError(
      "PACKAGE_DOWNLOAD_FAILED",
      `${label}: Plesk could not download the package (download task ${taskId}): ${finished.message}`,
    );
  } else if (finished.state === "unknown") {
    // Plesk may forget tasks once their transaction ends; the package itself tells the outcome.
    live = findOnServer(await beforeDeadline(ctx.reads.listAll(), deadline, outOfTime), inputs);
    if (!live)
      throw new DescribedError(
        "PACKAGE_DOWNLOAD_LOST",
        `${label}: Plesk no longer knows download task ${taskId} (${finished.errcode} ${finished.errtext}) and no matching package is on the server`,
      );
  } else {
    live = await beforeDeadline(ctx.reads.get(finished.packageId), deadline, outOfTime);
    if (!live) {
      throw new ResourceNotReadyError(
        `${label}: download task ${taskId} finished as package ${finished.packageId}, which Plesk then did not list; run pulumi refresh`,
        finished.packageId,
        pendingOutputs(inputs, taskId, progress.totalBytes),
      );
    }
    if (!isAskedFor(live, inputs)) return adoptInsteadOfForeign(ctx, inputs, taskId, live, deadline, outOfTime);
  }

  live = await applyVisibility(ctx, live, inputs.visible);
  claim(ctx, live.id, `task:${taskId}`);
  const totalBytes = progress.totalBytes;
  ctx.say(`${packageLabel({ ...live, server: inputs.server })}: ready as package ${live.id}${progress.summary()}`);
  return { id: live.id, outs: liveOutputs(inputs, live, { adopted: false, downloadTaskId: taskId, totalBytes }) };
}

/**
 * A task that finished as another application than the one asked for: Plesk renumbered its tasks
 * (a restart) and this id now names someone else's download. Nothing foreign is recorded: a
 * matching package already on the server is adopted, saying so; otherwise the create fails.
 */
async function adoptInsteadOfForeign(
  ctx: LifecycleContext,
  inputs: ApsPackageInputs,
  taskId: string,
  foreign: ApsServerPackage,
  deadline: Deadline,
  outOfTime: () => Error,
): Promise<Created<ApsPackageOutputs>> {
  const label = packageLabel(inputs);
  const what = `download task ${taskId} finished as package ${foreign.id}, which is ${describeIdentity(foreign)}, not what was asked`;
  const matching = findOnServer(await beforeDeadline(ctx.reads.listAll(), deadline, outOfTime), inputs);
  if (matching) return adopt(ctx, inputs, matching, {}, (live) => `${what}; package ${live.id} on the server matches, adopted instead`);
  throw new DescribedError(
    "PACKAGE_TASK_MISMATCH",
    `${label}: ${what}, and no matching package is on the server. Plesk numbers download tasks afresh when it restarts, so ` +
      `task ${taskId} is most likely another download; nothing was recorded. Run pulumi refresh, then pulumi up to download it again.`,
  );
}

/** The live package; an empty id when it is gone. A finished pending download settles the id. */
export async function readPackage(ctx: LifecycleContext, id: string, state: ApsPackageOutputs): Promise<ReadResult<ApsPackageOutputs>> {
  const inputs = desiredFromState(state);
  const facts = { adopted: state.adopted === true, downloadTaskId: state.downloadTaskId, totalBytes: state.totalBytes };
  if (state.packageId === undefined) {
    const taskId = state.downloadTaskId;
    if (taskId === undefined) return { id: "" };
    const status = (await getDownloadStatus(ctx.client, [taskId])).get(taskId)!;
    if (status.state === "queued" || status.state === "running") return { id, props: state };
    if (status.state === "failed") return { id: "" };
    if (status.state === "unknown") {
      const found = findOnServer(await ctx.reads.listAll(), inputs);
      return found ? { id: found.id, props: liveOutputs(inputs, found, facts) } : { id: "" };
    }
    // A pending state keeps what the program asked for: the task's package must be that.
    const live = await ctx.reads.get(status.packageId);
    if (live && !isAskedFor(live, inputs)) {
      ctx.warn(
        `${packageLabel(inputs)}: download task ${taskId} finished as package ${live.id}, which is ${describeIdentity(live)}, not what was asked; ` +
          "Plesk numbers tasks afresh when it restarts, so it is read as gone and the next pulumi up downloads it again",
      );
      return { id: "" };
    }
    return live ? { id: live.id, props: liveOutputs(inputs, live, facts) } : { id: "" };
  }
  const live = await ctx.reads.get(state.packageId);
  if (live && !isRecordedPackage(live, state)) {
    ctx.warn(
      `${packageLabel(state)}: ${heldByAnother(state.packageId, live, state)}; read as gone, so the next pulumi up downloads or adopts what the program declares`,
    );
    return { id: "" };
  }
  return live ? { id: live.id, props: liveOutputs(inputs, live, facts) } : { id: "" };
}

/** The recorded package's id now names another package. */
function heldByAnother(packageId: string, live: ApsServerPackage, recorded: ApsPackageOutputs): string {
  return `package ${packageId} now holds ${describeIdentity(live)}, not the ${describeIdentity(recorded)} recorded (Plesk reuses package ids, for example after a restart)`;
}

/** Resumes a download left waiting, or applies `visible`; settings with no remote side just persist. */
export async function updatePackage(
  ctx: LifecycleContext,
  state: ApsPackageOutputs,
  inputs: ApsPackageInputs,
  deadline: Deadline,
): Promise<ApsPackageOutputs> {
  if (state.packageId === undefined) {
    if (state.downloadTaskId === undefined)
      throw new DescribedError(
        "PACKAGE_STATE_INCOMPLETE",
        `${packageLabel(inputs)}: the state holds neither a package id nor a download task; run pulumi refresh`,
      );
    const taskId = state.downloadTaskId;
    ctx.serverDownloads.remember(taskId, downloadRequest(inputs).key);
    try {
      return (await awaitDownload(ctx, inputs, taskId, deadline, true)).outs;
    } catch (error) {
      if (!hasCode(error, "PACKAGE_DOWNLOAD_LOST") && !hasCode(error, "PACKAGE_TASK_MISMATCH")) throw error;
      // Plesk restarted: the recorded task is gone or names someone else's download, and nothing
      // the program asks for is on the server. The task is dropped and the create's steps run.
      ctx.warn(
        `${packageLabel(inputs)}: download task ${taskId}, recorded by an earlier run, no longer names this download in Plesk ` +
          "(a restart forgets and renumbers tasks), and no matching package is on the server; the task is dropped and the package asked for again",
      );
      return (await createPackage(ctx, inputs, deadline)).outs;
    }
  }
  const live = await ctx.reads.get(state.packageId);
  if (!live || !isRecordedPackage(live, state))
    throw new DescribedError(
      "PACKAGE_GONE",
      `${packageLabel(state)}: ${live ? heldByAnother(state.packageId, live, state) : `package ${state.packageId} is no longer on the server`}; ` +
        "run pulumi refresh, then pulumi up to download it again",
    );
  const updated = await applyVisibility(ctx, live, inputs.visible);
  return liveOutputs(inputs, updated, { adopted: state.adopted, downloadTaskId: state.downloadTaskId, totalBytes: state.totalBytes });
}

/**
 * Plesk has no API that removes an APS package: say so. Where `visible` was managed, the package
 * is hidden, but only when this resource downloaded it, no other resource of the deployment
 * holds it, and its id still names the package recorded.
 */
export async function deletePackage(ctx: LifecycleContext, state: ApsPackageOutputs): Promise<void> {
  const label = packageLabel(state);
  if (state.packageId === undefined) {
    ctx.say(
      `${label}: download task ${state.downloadTaskId ?? "?"} had not finished when this resource was deleted; it may still run in Plesk, ` +
        "and the package it makes stays on the server (Plesk has no API to cancel a download or remove an APS package)",
    );
    return;
  }
  const claims = ctx.claims.get(state.packageId) ?? [];
  const own = claims.indexOf(`task:${state.downloadTaskId}`);
  if (own !== -1) claims.splice(own, 1);
  const visibility = state.visible === undefined ? "" : await retireVisibility(ctx, state, state.packageId, claims.length > 0);
  ctx.say(`${label}: package ${state.packageId} stays on the server (Plesk has no API to remove APS packages)${visibility}`);
}

/** Hides a retired package when that touches no one else's; says what was done. */
async function retireVisibility(
  ctx: LifecycleContext,
  state: ApsPackageOutputs,
  packageId: string,
  heldElsewhere: boolean,
): Promise<string> {
  if (heldElsewhere) return "; left visible, because another resource of this deployment holds it";
  if (state.adopted)
    return "; left visible: it was on the server before this resource adopted it (set visible: false and run pulumi up first to hide it)";
  const live = await ctx.reads.get(packageId);
  if (!live) return "";
  if (!isRecordedPackage(live, state)) return `; left alone: ${heldByAnother(packageId, live, state)}`;
  try {
    await changingServer(ctx, () => setPackagesVisible(ctx.client, [packageId], false));
    return "; hidden from customers and resellers";
  } catch (error) {
    if (!isPleskApiError(error)) throw error;
    ctx.warn(`${packageLabel(state)}: could not hide package ${packageId}: ${error.message}`);
    return "";
  }
}

/**
 * A resource the program still declares, found by a diff that keeps its package: a resource
 * removed from the program and deleted later in the same run must not hide what this one holds.
 */
export function holdPackage(ctx: LifecycleContext, state: ApsPackageOutputs): void {
  if (state.packageId !== undefined) claim(ctx, state.packageId, "declared");
}

/** A package matching every identity field the program gives; of several, the highest version. */
export function findOnServer(packages: readonly ApsServerPackage[], inputs: ApsPackageInputs): ApsServerPackage | undefined {
  return highestVersion(packages.filter((pkg) => isAskedFor(pkg, inputs)));
}

function claim(ctx: LifecycleContext, packageId: string, by: string): void {
  const claims = ctx.claims.get(packageId) ?? [];
  claims.push(by);
  ctx.claims.set(packageId, claims);
}

/** What `download-package` asks for, and the key identical requests share. */
function downloadRequest(inputs: ApsPackageInputs): { request: DownloadRequest; key: string } {
  const { name, version, release, vendor, packager, catalogUrl } = inputs;
  const request = { package: { name, version, release, vendor, packager }, ...(catalogUrl ? { catalogUrl } : {}) };
  return { request, key: JSON.stringify(request) };
}

async function applyVisibility(ctx: LifecycleContext, live: ApsServerPackage, visible: boolean | undefined): Promise<ApsServerPackage> {
  if (visible === undefined || live.isVisible === visible) return live;
  await changingServer(ctx, () => setPackagesVisible(ctx.client, [live.id], visible));
  return { ...live, isVisible: visible };
}

/** Runs a change to the server; what was read of it before no longer answers reads. */
async function changingServer<T>(ctx: LifecycleContext, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    ctx.reads.forget();
  }
}

/**
 * An import: the package the server holds under `packageId`, its identity taken as the inputs,
 * recorded as adopted (deleting the resource never hides it).
 */
export async function adoptPackage(ctx: LifecycleContext, givenId: string): Promise<Adopted<ApsPackageInputs, ApsPackageOutputs>> {
  // Plesk numbers packages 1, 2, …; "004" names package 4, and is recorded as "4".
  if (!/^\d+$/.test(givenId.trim()) || BigInt(givenId.trim()) === 0n)
    throw new DescribedError(
      "RESOURCE_ID_INVALID",
      `"${givenId}" is not a package id: import an ApsPackage by the number get-packages-list shows for it on the Plesk server at ${ctx.origin}, for example 4`,
    );
  const packageId = BigInt(givenId.trim()).toString();
  const live = await ctx.reads.get(packageId);
  if (!live)
    throw new DescribedError(
      "PACKAGE_GONE",
      `package ${packageId} is not on the Plesk server at ${ctx.origin}: give the id of a package get-packages-list shows there`,
    );
  const { name, version, release, vendor, packager } = live;
  const inputs: ApsPackageInputs = {
    ...withoutUndefined({ name, version, release, vendor, packager }),
    downloadTimeoutSeconds: DEFAULT_DOWNLOAD_TIMEOUT_SECONDS,
  };
  claim(ctx, live.id, "adopted");
  return { id: live.id, inputs, outs: liveOutputs(inputs, live, { adopted: true }) };
}
