import { wasCancelled, type Deadline } from "../../basics/deadline";
import { DescribedError, hasCode } from "../../basics/errors";
import { megabytes } from "../../basics/megabytes";
import { ResourceNotReadyError, type Created, type ReadResult } from "../common/resource-values";
import { checkArtifact, type ArtifactCheck } from "../../getapp/artifact-verification";
import { deleteCachedDeliveries, getPreparedDelivery, prepareDelivery, type DeliveryStatus } from "../../getapp/delivery-api";
import { DeliveryProgress } from "./delivery-progress";
import type { DeliveryServices } from "./delivery-services";
import { deliveryLabel, deliveryOutputs, desiredFromDeliveryState, isSettled, type PreparedDeliveryOutputs } from "./delivery-state";
import type { SettledDelivery } from "./delivery-watcher";
import type { PreparedDeliveryInputs } from "./delivery-inputs";
import { isGetAppApiError } from "../../getapp/getapp-errors";

export interface DeliveryContext extends DeliveryServices {
  readonly say: (line: string) => void;
  readonly warn: (line: string) => void;
}

/**
 * Asks GetApp to prepare the delivery, waits until it is ready, and checks what arrived. A
 * preparation already under way or done (a killed run leaves one behind) is taken as it is:
 * a POST would restart it.
 */
export async function createDelivery(
  ctx: DeliveryContext,
  inputs: PreparedDeliveryInputs,
  deadline: Deadline,
): Promise<Created<PreparedDeliveryOutputs>> {
  const label = deliveryLabel(inputs);
  const existing = await currentPreparation(ctx, inputs.catalogId);
  if (existing) {
    ctx.say(
      `${label}: GetApp ${existing.state === "done" ? "has it prepared already" : "is already preparing it"} (requested before this run); taking that preparation, not requesting it again`,
    );
    return settle(ctx, inputs, existing, deadline);
  }
  const { catalogId, deviceId, itemType } = inputs;
  const posted = await prepareDelivery(ctx.endpoint, { catalogId, deviceId, itemType });
  ctx.say(`${label}: asked GetApp to prepare the ${itemType} item`);
  return settle(ctx, inputs, posted, deadline);
}

/**
 * The preparation GetApp already has for the catalog id, when it is running or done. `start`
 * does not count: GetApp answers it for an id it did not know (the look itself starts one), and
 * a POST then only restarts a preparation that is still locating its item.
 */
async function currentPreparation(ctx: DeliveryContext, catalogId: string): Promise<DeliveryStatus | undefined> {
  try {
    const status = await getPreparedDelivery(ctx.endpoint, catalogId);
    return status.state === "inProgress" || status.state === "pending" || status.state === "done" ? status : undefined;
  } catch (error) {
    if (isGetAppApiError(error) && error.httpStatus === 404) return undefined;
    throw error;
  }
}

/**
 * Resumes a delivery whose wait ended early, or verifies artifacts newly asked to be verified;
 * settings with no remote side just persist. An evicted delivery is prepared again.
 */
export async function updateDelivery(
  ctx: DeliveryContext,
  state: PreparedDeliveryOutputs,
  inputs: PreparedDeliveryInputs,
  deadline: Deadline,
): Promise<PreparedDeliveryOutputs> {
  if (isSettled(state, inputs.verifyArtifacts))
    return { ...state, verifyArtifacts: inputs.verifyArtifacts, timeoutSeconds: inputs.timeoutSeconds };
  let status = await getPreparedDelivery(ctx.endpoint, inputs.catalogId);
  if (status.state === "delete") {
    const { catalogId, deviceId, itemType } = inputs;
    status = await prepareDelivery(ctx.endpoint, { catalogId, deviceId, itemType });
    ctx.say(`${deliveryLabel(inputs)}: GetApp had evicted it; asked to prepare it again`);
  }
  return (await settle(ctx, inputs, status, deadline)).outs;
}

/**
 * The delivery as GetApp has it now: evicted or unknown gives an empty id; a failure is kept as
 * drift (`diff` replaces it); a finished delivery keeps its outputs.
 */
export async function readDelivery(
  ctx: DeliveryContext,
  id: string,
  state: PreparedDeliveryOutputs,
): Promise<ReadResult<PreparedDeliveryOutputs>> {
  const inputs = desiredFromDeliveryState(state);
  let live: DeliveryStatus;
  try {
    live = await getPreparedDelivery(ctx.endpoint, inputs.catalogId);
  } catch (error) {
    if (isGetAppApiError(error) && error.httpStatus === 404) return { id: "" };
    throw error;
  }
  if (live.state === "delete") return { id: "" };
  // GetApp starts preparing a catalog id it does not know when asked its status: a finished
  // delivery seen starting again was unknown to it.
  if (state.status === "done" && live.state !== "done" && live.state !== "error") return { id: "" };
  if (state.status === "done" && live.state === "done") return { id, props: { ...state } };
  return { id, props: deliveryOutputs(inputs, live) };
}

/** Evicts the delivery from GetApp's cache: by catalog id, which GetApp shares between devices. */
export async function deleteDelivery(ctx: DeliveryContext, state: PreparedDeliveryOutputs): Promise<void> {
  const label = deliveryLabel(state);
  try {
    await deleteCachedDeliveries(ctx.endpoint, [state.catalogId]);
    ctx.say(`${label}: evicted from GetApp's cache`);
  } catch (error) {
    if (!(isGetAppApiError(error) && error.httpStatus === 404)) throw error;
    ctx.say(`${label}: GetApp no longer had it cached; nothing to evict`);
  }
}

async function settle(
  ctx: DeliveryContext,
  inputs: PreparedDeliveryInputs,
  first: DeliveryStatus,
  deadline: Deadline,
): Promise<Created<PreparedDeliveryOutputs>> {
  const label = deliveryLabel(inputs);
  const settled = isFinal(first) ? first : await waitUntilSettled(ctx, inputs, first, deadline);
  if (settled.state === "error") {
    // Kept as a failed resource: the next diff replaces it, and only that new POST makes GetApp
    // try again (a status request never does).
    throw notReady(`${label}: ${failureText(settled)}. Run pulumi up again to request it anew.`, inputs, settled);
  }
  if (settled.state === "delete")
    throw new DescribedError(
      "DELIVERY_EVICTED",
      `${label}: GetApp evicted the delivery while it was being prepared; run pulumi up again to prepare it anew`,
    );

  const verified = inputs.verifyArtifacts ? await verifyArtifacts(ctx, inputs, settled, deadline) : new Set<string>();
  const bytes = settled.artifacts.reduce((sum, artifact) => sum + (artifact.size ?? 0), 0);
  const check = inputs.verifyArtifacts ? ", each SHA-256 checked" : ", not verified (verifyArtifacts is false)";
  ctx.say(`${label}: ready, ${settled.artifacts.length} artifact(s), ${megabytes(bytes)}${check}`);
  return { id: inputs.catalogId, outs: deliveryOutputs(inputs, settled, verified) };
}

function failureText(status: DeliveryStatus): string {
  const { errorCode, message } = status.error ?? { errorCode: "APP.unknown", message: "GetApp gave no reason" };
  return `GetApp could not prepare it: ${errorCode}: ${message}`;
}

function isFinal(status: DeliveryStatus): status is SettledDelivery {
  return status.state === "done" || status.state === "error" || status.state === "delete";
}

/** A wait that ends early leaves the preparation running in GetApp: the resource is kept, to resume. */
async function waitUntilSettled(
  ctx: DeliveryContext,
  inputs: PreparedDeliveryInputs,
  first: DeliveryStatus,
  deadline: Deadline,
): Promise<SettledDelivery> {
  const progress = new DeliveryProgress(deliveryLabel(inputs), ctx.say);
  progress.observe(first);
  let last = first;
  try {
    return await ctx.watcher.wait(inputs.catalogId, {
      deadline,
      onStatus: (status) => {
        last = status;
        progress.observe(status);
      },
    });
  } catch (error) {
    const why = !hasCode(error, "DELIVERY_WAIT_ENDED")
      ? `lost track of the preparation: ${(error as Error).message}`
      : wasCancelled(deadline)
        ? `the run was cancelled while GetApp prepared it; ${last.progress}% prepared`
        : `not ready after ${deadline.bound}; ${last.progress}% prepared`;
    throw notReady(
      `${deliveryLabel(inputs)}: ${why}. GetApp goes on preparing it; run pulumi up again to keep waiting (it is not requested twice).`,
      inputs,
      last,
    );
  }
}

async function verifyArtifacts(
  ctx: DeliveryContext,
  inputs: PreparedDeliveryInputs,
  settled: SettledDelivery,
  deadline: Deadline,
): Promise<Set<string>> {
  const { identity, tls, limits } = ctx.endpoint;
  const settings = { identity, tls, limits, signal: deadline.signal };
  let checks: ArtifactCheck[];
  try {
    checks = await Promise.all(settled.artifacts.map((artifact) => ctx.verifications.run(() => checkArtifact(artifact, settings))));
  } catch (error) {
    if (!deadline.signal.aborted)
      throw new DescribedError(
        "DELIVERY_ARTIFACT_UNCHECKED",
        `${deliveryLabel(inputs)}: could not verify the artifacts: ${(error as Error).message}`,
        { cause: error },
      );
    const why = wasCancelled(deadline)
      ? "the run was cancelled while it verified artifacts"
      : `still verifying artifacts after ${deadline.bound}`;
    throw notReady(`${deliveryLabel(inputs)}: ${why}; run pulumi up again to verify them`, inputs, settled);
  }
  const mismatches = checks.filter((check) => !check.matches);
  if (mismatches.length > 0) {
    const lines = mismatches.map(
      (check) => `artifact ${check.itemKey}: ${check.algorithm} announced ${check.expected}, the bytes served hash to ${check.actual}`,
    );
    throw new DescribedError(
      "DELIVERY_ARTIFACT_MISMATCH",
      `${deliveryLabel(inputs)}: ${mismatches.length} artifact(s) do not match the hash GetApp announced: ${lines.join("; ")}`,
    );
  }
  return new Set(checks.map((check) => check.itemKey));
}

function notReady(message: string, inputs: PreparedDeliveryInputs, last: DeliveryStatus): ResourceNotReadyError {
  return new ResourceNotReadyError(message, inputs.catalogId, deliveryOutputs(inputs, last));
}
