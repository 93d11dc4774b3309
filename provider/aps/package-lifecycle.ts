import { downloadPackage, getDownloadStatus, setPackagesVisible, type ApsServerPackage } from "../plesk/aps";
import { isPleskApiError } from "../plesk/errors";
import { ResourceNotReadyError, type Created, type ReadResult } from "../resource-values";
import { megabytes } from "../megabytes";
import { DownloadProgress } from "./download-progress";
import { DEADLINE_PASSED, type DeadlinePassedError, type FinishedStatus } from "./download-watcher";
import type { EndpointServices } from "./endpoint-services";
import { IDENTITY_FIELDS, type ApsPackageInputs } from "./package-inputs";
import { desiredFromState, liveOutputs, packageLabel, pendingId, pendingOutputs, type ApsPackageOutputs } from "./package-state";
import { highestVersion } from "./version-order";

export interface LifecycleContext extends EndpointServices {
  readonly say: (line: string) => void;
  readonly warn: (line: string) => void;
}

/** Adopts an identical package already on the server, or downloads one and waits for it. */
export async function createPackage(ctx: LifecycleContext, inputs: ApsPackageInputs, rawInputs: Record<string, unknown>): Promise<Created> {
  const adoptable = findOnServer(await ctx.reads.listAll(), inputs);
  if (adoptable) {
    const live = await applyVisibility(ctx, adoptable, inputs.visible);
    claim(ctx, live.id, "adopted");
    ctx.say(`${packageLabel(live)}: already on the server as package ${live.id}; adopted, nothing downloaded`);
    return { id: live.id, outs: liveOutputs(inputs, live, { adopted: true }) };
  }
  // Two resources asking for the identical package in one run wait on one download.
  const request = { package: identity(inputs), ...(inputs.catalogUrl ? { catalogUrl: inputs.catalogUrl } : {}) };
  const key = JSON.stringify(request);
  const inFlight = ctx.downloadsInFlight.get(key);
  const started = inFlight ?? ctx.downloadStarts.run(() => downloadPackage(ctx.client, request));
  if (inFlight) return awaitDownload(ctx, inputs, rawInputs, await started);
  ctx.downloadsInFlight.set(key, started);
  try {
    return await awaitDownload(ctx, inputs, rawInputs, await started);
  } finally {
    ctx.downloadsInFlight.delete(key);
  }
}

/**
 * Waits for a started download and reads the package back. A wait that ends early (deadline,
 * lost connection) leaves the download running in Plesk, so it fails with the resource's id:
 * the next `pulumi up` resumes waiting on the same task rather than downloading again.
 */
export async function awaitDownload(ctx: LifecycleContext, inputs: ApsPackageInputs, rawInputs: Record<string, unknown>, taskId: string): Promise<Created> {
  const label = packageLabel(inputs);
  const progress = new DownloadProgress(label, taskId, ctx.say);
  let finished: FinishedStatus;
  try {
    finished = await ctx.watcher.wait(taskId, {
      deadline: Date.now() + inputs.downloadTimeoutSeconds * 1000,
      onStatus: (status) => progress.observe(status),
    });
  } catch (error) {
    const why =
      (error as DeadlinePassedError).code === DEADLINE_PASSED
        ? `still downloading after ${inputs.downloadTimeoutSeconds} s (downloadTimeoutSeconds)`
        : `lost track of the download: ${(error as Error).message}`;
    throw new ResourceNotReadyError(
      `${label}: ${why}. Download task ${taskId} goes on in Plesk; run pulumi up again to keep waiting for it (nothing is downloaded twice).`,
      pendingId(taskId),
      pendingOutputs(inputs, taskId, progress.totalBytes),
      rawInputs,
    );
  }

  let live: ApsServerPackage | undefined;
  if (finished.state === "failed") {
    throw new Error(`${label}: Plesk could not download the package (download task ${taskId}): ${finished.message}`);
  } else if (finished.state === "unknown") {
    // Plesk may forget tasks once their transaction ends; the package itself tells the outcome.
    live = findOnServer(await ctx.reads.listAll(), inputs);
    if (!live) throw new Error(`${label}: Plesk no longer knows download task ${taskId} (${finished.errcode} ${finished.errtext}) and no matching package is on the server`);
  } else {
    live = await ctx.reads.get(finished.packageId);
    if (!live) {
      throw new ResourceNotReadyError(
        `${label}: download task ${taskId} finished as package ${finished.packageId}, which Plesk then did not list; run pulumi refresh`,
        finished.packageId,
        pendingOutputs(inputs, taskId, progress.totalBytes),
        rawInputs,
      );
    }
  }

  live = await applyVisibility(ctx, live, inputs.visible);
  claim(ctx, live.id, `task:${taskId}`);
  const totalBytes = progress.totalBytes;
  ctx.say(`${packageLabel(live)}: ready as package ${live.id}${totalBytes ? ` (${megabytes(totalBytes)} in ${progress.elapsedSeconds()} s)` : ""}`);
  return { id: live.id, outs: liveOutputs(inputs, live, { adopted: false, downloadTaskId: taskId, totalBytes }) };
}

/** The live package; an empty id when it is gone. A finished pending download settles the id. */
export async function readPackage(ctx: LifecycleContext, id: string, state: ApsPackageOutputs): Promise<ReadResult> {
  const inputs = desiredFromState(state);
  const facts = { adopted: state.adopted === true, downloadTaskId: state.downloadTaskId, totalBytes: state.totalBytes };
  let packageId = state.packageId;
  if (packageId === undefined) {
    const taskId = state.downloadTaskId;
    if (taskId === undefined) return { id: "" };
    const status = (await getDownloadStatus(ctx.client, [taskId])).get(taskId)!;
    if (status.state === "queued" || status.state === "running") return { id, props: state };
    if (status.state === "failed") return { id: "" };
    if (status.state === "unknown") {
      const found = findOnServer(await ctx.reads.listAll(), inputs);
      return found ? { id: found.id, props: liveOutputs(inputs, found, facts) } : { id: "" };
    }
    packageId = status.packageId;
  }
  const live = await ctx.reads.get(packageId);
  return live ? { id: live.id, props: liveOutputs(inputs, live, facts) } : { id: "" };
}

/** Resumes a download left waiting, or applies `visible`; settings with no remote side just persist. */
export async function updatePackage(
  ctx: LifecycleContext,
  state: ApsPackageOutputs,
  inputs: ApsPackageInputs,
  rawInputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (state.packageId === undefined) {
    if (state.downloadTaskId === undefined) throw new Error(`${packageLabel(inputs)}: the state holds neither a package id nor a download task; run pulumi refresh`);
    return (await awaitDownload(ctx, inputs, rawInputs, state.downloadTaskId)).outs;
  }
  const live = await ctx.reads.get(state.packageId);
  if (!live) throw new Error(`${packageLabel(state)}: package ${state.packageId} is no longer on the server; run pulumi refresh, then pulumi up to download it again`);
  const updated = await applyVisibility(ctx, live, inputs.visible);
  return liveOutputs(inputs, updated, { adopted: state.adopted, downloadTaskId: state.downloadTaskId, totalBytes: state.totalBytes });
}

/** Plesk has no API that removes an APS package: say so, and hide it if visibility was managed. */
export async function deletePackage(ctx: LifecycleContext, state: ApsPackageOutputs): Promise<void> {
  const label = packageLabel(state);
  if (state.packageId === undefined) {
    ctx.say(`${label}: download task ${state.downloadTaskId ?? "?"} never finished here; nothing to retire`);
    return;
  }
  const claims = ctx.claims.get(state.packageId) ?? [];
  const own = claims.indexOf(`task:${state.downloadTaskId}`);
  if (own !== -1) claims.splice(own, 1);
  let visibility = "";
  if (state.visible !== undefined && claims.length > 0) {
    visibility = "; left visible, because another resource of this deployment holds it";
  } else if (state.visible !== undefined) {
    try {
      await setPackagesVisible(ctx.client, [state.packageId], false);
      visibility = "; hidden from customers and resellers";
    } catch (error) {
      if (!isPleskApiError(error)) throw error;
      ctx.warn(`${label}: could not hide package ${state.packageId}: ${error.message}`);
    }
  }
  ctx.say(`${label}: package ${state.packageId} stays on the server (Plesk has no API to remove APS packages)${visibility}`);
}

/** A package matching every identity field the program gives; of several, the highest version. */
export function findOnServer(packages: readonly ApsServerPackage[], inputs: ApsPackageInputs): ApsServerPackage | undefined {
  return highestVersion(packages.filter((pkg) => IDENTITY_FIELDS.every((field) => inputs[field] === undefined || inputs[field] === pkg[field])));
}

function claim(ctx: LifecycleContext, packageId: string, by: string): void {
  const claims = ctx.claims.get(packageId) ?? [];
  claims.push(by);
  ctx.claims.set(packageId, claims);
}

function identity(inputs: ApsPackageInputs) {
  const { name, version, release, vendor, packager } = inputs;
  return { name, version, release, vendor, packager };
}

async function applyVisibility(ctx: LifecycleContext, live: ApsServerPackage, visible: boolean | undefined): Promise<ApsServerPackage> {
  if (visible === undefined || live.isVisible === visible) return live;
  await setPackagesVisible(ctx.client, [live.id], visible);
  return { ...live, isVisible: visible };
}
