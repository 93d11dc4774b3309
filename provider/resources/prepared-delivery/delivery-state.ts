import { withoutUndefined } from "../../basics/without-undefined";
import type { DeliveredArtifact, DeliveryState, DeliveryStatus, HashAlgorithm } from "../../getapp/delivery-api";
import { desiredFromState, keptInputs } from "../common/fields";
import { PREPARED_DELIVERY_FIELDS, type PreparedDeliveryInputs } from "./delivery-inputs";

export interface ArtifactOutput {
  readonly itemKey: string;
  readonly url: string;
  readonly size?: number;
  readonly artifactType?: string;
  readonly metaData?: string;
  readonly hashAlgorithm?: HashAlgorithm;
  readonly hash?: string;
  readonly signature?: string;
  readonly isExecutable?: boolean;
  readonly arguments?: string;
  /** True once the bytes served were hashed and matched `hash`. */
  readonly verified: boolean;
}

/** PreparedDelivery's state: what GetApp reported, and the inputs later steps compare against. */
export type PreparedDeliveryOutputs = PreparedDeliveryInputs & {
  readonly status: DeliveryState;
  readonly progress: number;
  readonly size?: number;
  readonly artifacts: readonly ArtifactOutput[];
  /** GetApp's error, when `status` is `error`. */
  readonly error?: { readonly errorCode: string; readonly message: string };
};

export function deliveryOutputs(
  inputs: PreparedDeliveryInputs,
  status: DeliveryStatus,
  verifiedKeys: ReadonlySet<string> = new Set(),
): PreparedDeliveryOutputs {
  const outputs: PreparedDeliveryOutputs = {
    ...keptInputs(PREPARED_DELIVERY_FIELDS, inputs),
    status: status.state,
    progress: status.progress,
    size: status.size,
    artifacts: status.artifacts.map((artifact) => artifactOutput(artifact, verifiedKeys.has(artifact.itemKey))),
    error: status.error,
  };
  return withoutUndefined(outputs);
}

function artifactOutput(artifact: DeliveredArtifact, verified: boolean): ArtifactOutput {
  const { hash, ...rest } = artifact;
  return withoutUndefined({ ...rest, hashAlgorithm: hash?.algorithm, hash: hash?.hash, verified }) as ArtifactOutput;
}

/** A refresh has only the state: the program's inputs were kept in it. */
export function desiredFromDeliveryState(state: PreparedDeliveryOutputs): PreparedDeliveryInputs {
  return desiredFromState(PREPARED_DELIVERY_FIELDS, state);
}

/** Whether the state describes a delivery that is ready, and verified if that was asked. */
export function isSettled(state: PreparedDeliveryOutputs, verifyArtifacts: boolean): boolean {
  return state.status === "done" && (!verifyArtifacts || state.artifacts.every((artifact) => artifact.verified));
}

/** A short name for lines and errors. */
export function deliveryLabel(fields: { catalogId: string; deviceId?: string }): string {
  return fields.deviceId ? `${fields.catalogId} for ${fields.deviceId}` : fields.catalogId;
}
