import { wasCancelled, type Deadline } from "../../basics/deadline";
import { DescribedError, hasCode } from "../../basics/errors";
import { megabytes } from "../../basics/megabytes";
import { ResourceNotReadyError, type Created, type ReadResult } from "../common/resource-values";
import { setTimeout } from "node:timers/promises";
import { checkArtifact, UNVERIFIABLE, unverifiableReason, type ArtifactCheck, type Unverifiable } from "../../getapp/artifact-verification";
import { deleteCachedDeliveries, getPreparedDelivery, prepareDelivery, type DeliveryStatus } from "../../getapp/delivery-api";
import { DeliveryProgress } from "./delivery-progress";
import type { DeliveryServices } from "./delivery-services";
import {
  deliveryLabel,
  deliveryOutputs,
  desiredFromDeliveryState,
  durableLocation,
  isSettled,
  type ArtifactVerdicts,
  type PreparedDeliveryOutputs,
} from "./delivery-state";
import type { SettledDelivery } from "./delivery-watcher";
import type { PreparedDeliveryInputs } from "./delivery-inputs";

export interface DeliveryContext extends DeliveryServices {
  readonly say: (line: string) => void;
  readonly warn: (line: string) => void;
}

/**
 * Asks GetApp to prepare the delivery, waits until it is ready, and checks what arrived. The POST
 * comes first, so GetApp records the declared device; GetApp restarts nothing by it: a
 * preparation already running or done (a killed run leaves one behind) is answered as it is.
 */
export async function createDelivery(
  ctx: DeliveryContext,
  inputs: PreparedDeliveryInputs,
  deadline: Deadline,
): Promise<Created<PreparedDeliveryOutputs>> {
  const { catalogId, deviceId, itemType } = inputs;
  const posted = await prepareDelivery(ctx.endpoint, { catalogId, deviceId, itemType });
  const label = deliveryLabel(inputs);
  if (posted.state === "inProgress")
    ctx.say(`${label}: GetApp is already preparing it (requested before this run); waiting for that preparation`);
  else if (posted.state === "done") ctx.say(`${label}: GetApp has it prepared`);
  else ctx.say(`${label}: asked GetApp to prepare the ${itemType} item`);
  return settle(ctx, inputs, posted, deadline);
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
  if (isSettled(state, inputs))
    return {
      ...state,
      verifyArtifacts: inputs.verifyArtifacts,
      requireArtifactHashes: inputs.requireArtifactHashes,
      timeoutSeconds: inputs.timeoutSeconds,
    };
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
  const live = await getPreparedDelivery(ctx.endpoint, inputs.catalogId);
  if (live.state === "delete") return { id: "" };
  // GetApp starts preparing a catalog id it does not know when asked its status: a finished
  // delivery seen starting again was unknown to it.
  if (state.status === "done" && live.state !== "done" && live.state !== "error") return { id: "" };
  // Each answer signs its URLs afresh: what was checked stays, with locations kept without signatures.
  if (state.status === "done" && live.state === "done")
    return { id, props: { ...state, artifacts: state.artifacts.map((artifact) => ({ ...artifact, url: durableLocation(artifact.url) })) } };
  return { id, props: deliveryOutputs(inputs, live) };
}

/**
 * Evicts the delivery from GetApp's cache, by catalog id (GetApp shares it between devices), and
 * reads the status until it says `delete`: GetApp's answer to the eviction proves nothing.
 */
export async function deleteDelivery(ctx: DeliveryContext, state: PreparedDeliveryOutputs): Promise<void> {
  const label = deliveryLabel(state);
  if (!(await ctx.cacheInUse())) {
    ctx.say(`${label}: GetApp serves deliveries from its origin and keeps no cache (origin mode); nothing to evict`);
    return;
  }
  await deleteCachedDeliveries(ctx.endpoint, [state.catalogId]);
  let seen: DeliveryStatus | undefined;
  for (const pauseMs of EVICTION_READS_MS) {
    seen = await getPreparedDelivery(ctx.endpoint, state.catalogId);
    if (seen.state === "delete") {
      ctx.say(`${label}: evicted from GetApp's cache (GetApp reports it deleted)`);
      return;
    }
    await setTimeout(pauseMs);
  }
  ctx.warn(
    `${label}: GetApp accepted the eviction but still reports it ${seen?.state ?? "unknown"} after ${EVICTION_READS_MS.reduce((a, b) => a + b, 0) / 1000} s; GetApp evicts in the background, so it may still go. The resource is removed from the stack either way.`,
  );
}

/** Pauses between the reads that confirm an eviction: GetApp evicts shortly after it answers. */
const EVICTION_READS_MS = [100, 200, 400, 800, 1_500];

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

  const verdicts = await verifyArtifacts(ctx, inputs, settled, deadline);
  const bytes = settled.artifacts.reduce((sum, artifact) => sum + (artifact.size ?? 0), 0);
  ctx.say(`${label}: ready, ${settled.artifacts.length} artifact(s), ${megabytes(bytes)}; ${verificationSummary(inputs, verdicts)}`);
  return { id: inputs.catalogId, outs: deliveryOutputs(inputs, settled, verdicts) };
}

/** `1 SHA-256 checked; not verifiable: 2 no hash announced, 2 not at an HTTP(S) URL`. */
function verificationSummary(inputs: PreparedDeliveryInputs, verdicts: ArtifactVerdicts): string {
  if (!inputs.verifyArtifacts) return "not verified (verifyArtifacts is false)";
  const checked = [...verdicts.values()].filter((verdict) => verdict.verified).length;
  const counts = (Object.keys(UNVERIFIABLE) as Unverifiable[]).flatMap((reason) => {
    const count = [...verdicts.values()].filter((verdict) => verdict.verification === UNVERIFIABLE[reason].sentence).length;
    return count ? [`${count} ${UNVERIFIABLE[reason].short}`] : [];
  });
  return `${checked} SHA-256 checked${counts.length ? `; not verifiable: ${counts.join(", ")}` : ""}`;
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

/**
 * Checks every artifact that can be checked; the others are recorded with the reason, or fail the
 * delivery when `requireArtifactHashes` asks for every one to be verified.
 */
async function verifyArtifacts(
  ctx: DeliveryContext,
  inputs: PreparedDeliveryInputs,
  settled: SettledDelivery,
  deadline: Deadline,
): Promise<ArtifactVerdicts> {
  const verdicts = new Map<string, { verified: boolean; verification: string }>();
  if (!inputs.verifyArtifacts) {
    for (const artifact of settled.artifacts)
      verdicts.set(artifact.itemKey, { verified: false, verification: "not verified: verifyArtifacts is false" });
    return verdicts;
  }
  const unverifiable = settled.artifacts.flatMap((artifact) => {
    const reason = unverifiableReason(artifact);
    return reason ? [{ itemKey: artifact.itemKey, reason }] : [];
  });
  if (unverifiable.length > 0 && inputs.requireArtifactHashes)
    throw new DescribedError(
      "DELIVERY_ARTIFACT_UNVERIFIABLE",
      `${deliveryLabel(inputs)}: requireArtifactHashes is true, but ${unverifiable.length} artifact(s) cannot be verified: ${unverifiable.map(({ itemKey, reason }) => `${itemKey} (${UNVERIFIABLE[reason].short})`).join(", ")}. Set requireArtifactHashes to false to accept them unverified.`,
    );
  for (const { itemKey, reason } of unverifiable) verdicts.set(itemKey, { verified: false, verification: UNVERIFIABLE[reason].sentence });

  const { identity, tls, limits } = ctx.endpoint;
  const settings = { identity, tls, limits, signal: deadline.signal };
  const checkable = settled.artifacts.filter((artifact) => !verdicts.has(artifact.itemKey));
  let checks: ArtifactCheck[];
  try {
    checks = await Promise.all(checkable.map((artifact) => ctx.verifications.run(() => checkArtifact(artifact, settings))));
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
  for (const check of checks) verdicts.set(check.itemKey, { verified: true, verification: `${check.algorithm} matched` });
  return verdicts;
}

function notReady(message: string, inputs: PreparedDeliveryInputs, last: DeliveryStatus): ResourceNotReadyError {
  return new ResourceNotReadyError(message, inputs.catalogId, deliveryOutputs(inputs, last));
}
