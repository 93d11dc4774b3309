import { setTimeout as pause } from "node:timers/promises";
import { beforeDeadline, wasCancelled, type Deadline } from "../../basics/deadline";
import { DescribedError } from "../../basics/errors";
import { isPleskApiError } from "../../plesk/errors";
import { getExtension, installExtension, uninstallExtension, type ExtensionSource } from "../../plesk/extensions";
import type { Adopted, Say } from "../common/resource-lifecycle";
import { ResourceNotReadyError, type Created, type ReadResult } from "../common/resource-values";
import { DEFAULT_INSTALL_TIMEOUT_SECONDS, EXTENSION_FIELDS, type ExtensionInputs } from "./extension-inputs";
import type { ExtensionServices } from "./extension-services";
import { desiredFromState, extensionLabel, liveOutputs, pendingOutputs, type ExtensionOutputs } from "./extension-state";

/** What an Extension call works with: its server's services, and where its lines go. */
export type ExtensionContext = ExtensionServices & Say;

/**
 * An install that has not produced its extension this long after it was sent is taken for ended
 * (our assumption: Plesk's installer gives up well within an hour); the next up installs again.
 */
export const STALE_INSTALL_MS = 3600_000;
/** Pauses between looks for the extension an earlier install is producing. */
const LOOK_PAUSES_MS = [250, 500, 1000, 2000] as const;

/** Adopts an installed extension; else installs it, one install per server at a time, and reads it back. */
export async function createExtension(
  ctx: ExtensionContext,
  inputs: ExtensionInputs,
  deadline: Deadline,
): Promise<Created<ExtensionOutputs>> {
  const present = await getExtension(ctx.client, inputs.extensionId, { signal: deadline.signal });
  if (present) {
    claim(ctx, inputs.extensionId, "adopted");
    ctx.say(`${versioned(inputs, present)} is installed already: adopted, nothing installed`);
    return { id: inputs.extensionId, outs: liveOutputs(inputs, present, true) };
  }
  return { id: inputs.extensionId, outs: await install(ctx, inputs, deadline) };
}

/** The extension as the server has it now; one `get` answers every read of a refresh on this server. */
export async function readExtension(ctx: ExtensionContext, id: string, state: ExtensionOutputs): Promise<ReadResult<ExtensionOutputs>> {
  const live = (await ctx.installed()).get(state.extensionId);
  // An install that had not ended: settled once it produced the extension, else kept for the next up.
  if (state.installStartedAt !== undefined) return { id, props: live ? liveOutputs(desiredFromState(state), live, false) : state };
  return live ? { id, props: liveOutputs(desiredFromState(state), live, state.adopted) } : { id: "" };
}

/** Settles an install that had not ended; otherwise records the inputs against what the server has. */
export async function updateExtension(
  ctx: ExtensionContext,
  state: ExtensionOutputs,
  inputs: ExtensionInputs,
  deadline: Deadline,
): Promise<ExtensionOutputs> {
  if (state.installStartedAt !== undefined) return settle(ctx, state, inputs, deadline);
  const live = await getExtension(ctx.client, inputs.extensionId, { signal: deadline.signal });
  if (!live) {
    throw new DescribedError(
      "EXTENSION_NOT_INSTALLED",
      `${extensionLabel(inputs)} is no longer installed on ${ctx.where}: run pulumi refresh, which then drops it, and pulumi up installs it again`,
    );
  }
  return liveOutputs(inputs, live, state.adopted);
}

/** Takes over an installed extension by its id: `pulumi import plesk:index:Extension NAME ID`. */
export async function adoptExtension(ctx: ExtensionContext, id: string): Promise<Adopted<ExtensionInputs, ExtensionOutputs>> {
  const problem = EXTENSION_FIELDS.extensionId.problem(id);
  if (problem) throw new DescribedError("RESOURCE_ID_INVALID", `"${id}" ${problem}; nothing was sent`);
  const live = await getExtension(ctx.client, id);
  if (!live) {
    throw new DescribedError(
      "EXTENSION_NOT_INSTALLED",
      `extension ${id} is not installed on ${ctx.where}: pulumi import takes over only an installed extension; declare it in the program and run pulumi up to install it`,
    );
  }
  claim(ctx, id, "adopted");
  const inputs: ExtensionInputs = { extensionId: id, installTimeoutSeconds: DEFAULT_INSTALL_TIMEOUT_SECONDS };
  return { id, inputs, outs: liveOutputs(inputs, live, true) };
}

/** Uninstalls what this resource installed and no other resource holds; an adopted extension stays. */
export async function deleteExtension(ctx: ExtensionContext, state: ExtensionOutputs): Promise<void> {
  const label = extensionLabel(state);
  const claims = ctx.claims.get(state.extensionId) ?? [];
  const own = claims.indexOf(state.adopted ? "adopted" : "installed");
  if (own !== -1) claims.splice(own, 1);
  if (claims.length > 0) return ctx.say(`${label} stays installed: another resource of this deployment holds it`);
  if (state.adopted) return ctx.say(`${label} stays installed: it was installed before this resource adopted it`);
  const outcome = await uninstallExtension(ctx.client, state.extensionId);
  ctx.changed();
  if (outcome === "absent") ctx.say(`${label} was no longer installed on ${ctx.where}`);
}

/** Told of each resource whose diff keeps it: a replaced one must not uninstall what another resource holds. */
export function holdExtension(ctx: ExtensionContext, state: ExtensionOutputs): void {
  claim(ctx, state.extensionId, "declared");
}

async function install(ctx: ExtensionContext, inputs: ExtensionInputs, deadline: Deadline): Promise<ExtensionOutputs> {
  const { extensionId } = inputs;
  const source: ExtensionSource = inputs.url === undefined ? { id: extensionId } : { url: inputs.url };
  const before = inputs.url === undefined ? undefined : new Set((await ctx.installed()).keys());
  let sentAt: Date | undefined;
  const running =
    ctx.installing.get(extensionId) ??
    startInstall(ctx, extensionId, () =>
      ctx.installer.run(async () => {
        // A wait that ended while queued sends nothing.
        if (deadline.signal.aborted) return;
        sentAt = new Date();
        ctx.say(`installing ${extensionLabel(inputs)}${inputs.url ? ` from ${inputs.url}` : ""}; Plesk answers when the install has ended`);
        await installExtension(ctx.client, source, { responseTimeoutMs: installResponseMs(deadline) });
      }),
    );
  try {
    await beforeDeadline(running, deadline, () => waitEnded(ctx, inputs, deadline, sentAt));
  } catch (error) {
    if (isPleskApiError(error) && error.level === "operation") throw installFailed(ctx, inputs, error.errcode, error.errtext);
    // Sent, and no answer says how it ended: it may still run in Plesk. The state says so; the next up settles it.
    if (sentAt !== undefined) throw notReady(ctx, inputs, sentAt, error instanceof Error ? error.message : String(error));
    throw error;
  }
  const live = await getExtension(ctx.client, extensionId, { signal: deadline.timeSignal });
  if (live) {
    claim(ctx, extensionId, "installed");
    ctx.say(`${versioned(inputs, live)} installed`);
    return liveOutputs(inputs, live, false);
  }
  const produced = before ? [...(await ctx.installed()).keys()].filter((id) => !before.has(id)) : [];
  if (produced.length > 0) {
    throw new DescribedError(
      "EXTENSION_ID_MISMATCH",
      `the ZIP at ${inputs.url} installed extension ${produced.join(", ")}, not ${extensionId} as declared, on ${ctx.where}; ` +
        `nothing was recorded and ${produced.join(", ")} stays installed: set extensionId to "${produced[0]}", or give the URL of ${extensionId}'s ZIP`,
    );
  }
  throw new DescribedError(
    "EXTENSION_NOT_INSTALLED",
    `Plesk said the install of ${extensionLabel(inputs)} ended well, but it is not installed on ${ctx.where}; nothing was recorded`,
  );
}

/** Records an install in flight under its id, until it ends; a later resource of this process waits on it. */
function startInstall(ctx: ExtensionContext, extensionId: string, send: () => Promise<void>): Promise<void> {
  const running = send().finally(() => {
    ctx.changed();
    if (ctx.installing.get(extensionId) === running) ctx.installing.delete(extensionId);
  });
  running.catch(() => undefined);
  ctx.installing.set(extensionId, running);
  return running;
}

/** An install an earlier run sent and did not see end: adopted once it produced the extension, never sent twice while it may run. */
async function settle(
  ctx: ExtensionContext,
  state: ExtensionOutputs,
  inputs: ExtensionInputs,
  deadline: Deadline,
): Promise<ExtensionOutputs> {
  const startedAt = new Date(state.installStartedAt!);
  const inFlight = ctx.installing.get(inputs.extensionId);
  if (inFlight)
    await beforeDeadline(inFlight, deadline, () => notReady(ctx, inputs, startedAt, "it is still running")).catch(() => undefined);
  for (let look = 0; ; look++) {
    const live = await getExtension(ctx.client, inputs.extensionId, { signal: deadline.signal });
    if (live) {
      claim(ctx, inputs.extensionId, "installed");
      ctx.say(`${versioned(inputs, live)}: the install started ${state.installStartedAt} has ended; recorded`);
      return liveOutputs(inputs, live, false);
    }
    if (Date.now() - startedAt.getTime() >= STALE_INSTALL_MS) {
      ctx.say(`${extensionLabel(inputs)}: the install started ${state.installStartedAt} produced nothing within an hour; installing again`);
      return install(ctx, inputs, deadline);
    }
    const wait = LOOK_PAUSES_MS[Math.min(look, LOOK_PAUSES_MS.length - 1)];
    if (Date.now() + wait >= deadline.at || deadline.signal.aborted)
      throw notReady(ctx, inputs, startedAt, "it has not produced the extension yet and may still run in Plesk");
    await pause(wait, undefined, { signal: deadline.signal }).catch(() => undefined);
  }
}

function notReady(ctx: ExtensionContext, inputs: ExtensionInputs, sentAt: Date, why: string): ResourceNotReadyError {
  return new ResourceNotReadyError(
    `${extensionLabel(inputs)}: the install sent to ${ctx.where} at ${sentAt.toISOString()} had not ended when this wait did (${why}). ` +
      "It goes on in Plesk and is not sent again: run pulumi up to record what it produced.",
    inputs.extensionId,
    { ...pendingOutputs(inputs, sentAt) },
  );
}

function waitEnded(ctx: ExtensionContext, inputs: ExtensionInputs, deadline: Deadline, sentAt: Date | undefined): Error {
  const how = wasCancelled(deadline) ? "the run was cancelled" : `the wait ended after ${deadline.bound}`;
  if (sentAt !== undefined) return notReady(ctx, inputs, sentAt, how);
  return new DescribedError(
    "EXTENSION_WAIT_ENDED",
    `${extensionLabel(inputs)}: ${how} while another install on ${ctx.where} ran (installs go one at a time); nothing was sent or recorded. ` +
      "Run pulumi up again, or give installTimeoutSeconds (customTimeouts.create under the plesk plugin) more time.",
  );
}

function installFailed(ctx: ExtensionContext, inputs: ExtensionInputs, errcode: number, errtext: string): DescribedError {
  const what = inputs.url === undefined ? `extension id "${inputs.extensionId}"` : `URL ${inputs.url}`;
  const fix =
    inputs.url === undefined
      ? "check the id (plesk bin extension --list shows installed ones; the Extensions Catalog lists the rest), or give url for a ZIP"
      : "check that the URL serves the extension's ZIP and that the server can reach it";
  return new DescribedError(
    "EXTENSION_INSTALL_FAILED",
    `Plesk extension install failed for ${what} on ${ctx.where} with error ${errcode}: ${errtext}. Nothing was recorded; ${fix}`,
  );
}

/** The install's answer may take as long as the wait allows, and a little longer to be read. */
function installResponseMs(deadline: Deadline): number {
  return Math.max(deadline.at - Date.now(), 0) + 30_000;
}

/** `extension wp-toolkit 6.8.2`, or without the version when Plesk gave none. */
function versioned(inputs: ExtensionInputs, live: { readonly version?: string }): string {
  return live.version === undefined ? extensionLabel(inputs) : `${extensionLabel(inputs)} ${live.version}`;
}

function claim(ctx: ExtensionContext, extensionId: string, by: string): void {
  const claims = ctx.claims.get(extensionId) ?? [];
  claims.push(by);
  ctx.claims.set(extensionId, claims);
}
