import { withoutUndefined } from "../../basics/without-undefined";
import type { DeliveredArtifact, DeliveryState, DeliveryStatus, HashAlgorithm } from "../../getapp/delivery-api";
import { desiredFromState, keptInputs, type ObjectFields, type OutputFields } from "../common/fields";
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

/** What PreparedDelivery reports besides its inputs. */
export const PREPARED_DELIVERY_OUTPUTS: OutputFields<PreparedDeliveryOutputs, PreparedDeliveryInputs> = {
  status: { type: "string", description: "GetApp's status of the preparation: done, or error when a refresh found it failed." },
  progress: { type: "number", description: "Percent prepared, the slowest artifact's; 100 when done." },
  size: { type: "integer", description: "The delivery's size in bytes, when GetApp reports it." },
  artifacts: { type: "array", of: "Artifact", description: "The files GetApp prepared, each with its download URL and hash." },
  error: { type: "object", of: "DeliveryError", description: "GetApp's error, when status is error." },
};

export const ARTIFACT_FIELDS: ObjectFields<ArtifactOutput> = {
  itemKey: { type: "string", description: "The artifact's key within the catalog item." },
  url: { type: "string", description: "Where the artifact is downloaded from, as GetApp gives it." },
  size: { type: "integer", description: "Its size in bytes." },
  artifactType: { type: "string", description: "What GetApp says the artifact is (package, script, map, ...)." },
  metaData: { type: "string", description: "GetApp's metadata of the artifact, as JSON text." },
  hashAlgorithm: { type: "string", description: "SHA256Hex or SHA256Base64." },
  hash: { type: "string", description: "The hash GetApp announced." },
  signature: { type: "string", description: "GetApp's signature of the artifact." },
  isExecutable: { type: "boolean", description: "Whether the artifact is meant to be run." },
  arguments: { type: "string", description: "The arguments to run it with." },
  verified: { type: "boolean", description: "True once its bytes were downloaded, hashed and matched the announced hash." },
};

export const DELIVERY_ERROR_FIELDS: ObjectFields<NonNullable<PreparedDeliveryOutputs["error"]>> = {
  errorCode: { type: "string", description: "GetApp's error code, for example DELIVERY.download." },
  message: { type: "string", description: "GetApp's message." },
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
