import { withoutUndefined } from "../../basics/without-undefined";
import { unverifiableReason } from "../../getapp/artifact-verification";
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
  /** How it was checked, or why it was not, in a user's words. Absent from states written before 0.3. */
  readonly verification?: string;
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
  url: {
    type: "string",
    description:
      "Where the artifact lives: an HTTP(S) location without GetApp's pre-signed query (those expire, DOWNLOAD_URL_EXPIRE seconds after each status answer; ask GetApp for a fresh one), a Docker registry path, or rpm:// / deb:// and a package name.",
  },
  size: { type: "integer", description: "Its size in bytes." },
  artifactType: { type: "string", description: "What GetApp says the artifact is (package, script, map, ...)." },
  metaData: { type: "string", description: "GetApp's metadata of the artifact, as JSON text." },
  hashAlgorithm: { type: "string", description: "SHA256Hex or SHA256Base64." },
  hash: { type: "string", description: "The hash GetApp announced." },
  signature: { type: "string", description: "GetApp's signature of the artifact." },
  isExecutable: { type: "boolean", description: "Whether the artifact is meant to be run." },
  arguments: { type: "string", description: "The arguments to run it with." },
  verified: { type: "boolean", description: "True once its bytes were downloaded, hashed and matched the announced hash." },
  verification: {
    type: "string",
    description:
      "How it was checked (SHA256Hex matched), or why not: GetApp announced no hash (real GetApp hashes only a map's gpkg), its location is not an HTTP(S) URL, or verifyArtifacts is false.",
  },
};

export const DELIVERY_ERROR_FIELDS: ObjectFields<NonNullable<PreparedDeliveryOutputs["error"]>> = {
  errorCode: { type: "string", description: "GetApp's error code, for example DELIVERY.download." },
  message: { type: "string", description: "GetApp's message." },
};

/** What became of each artifact's check, by item key; an artifact not named is unchecked. */
export type ArtifactVerdicts = ReadonlyMap<string, { readonly verified: boolean; readonly verification: string }>;

export function deliveryOutputs(
  inputs: PreparedDeliveryInputs,
  status: DeliveryStatus,
  verdicts: ArtifactVerdicts = new Map(),
): PreparedDeliveryOutputs {
  const outputs: PreparedDeliveryOutputs = {
    ...keptInputs(PREPARED_DELIVERY_FIELDS, inputs),
    status: status.state,
    progress: status.progress,
    size: status.size,
    artifacts: status.artifacts.map((artifact) => artifactOutput(artifact, verdicts.get(artifact.itemKey))),
    error: status.error,
  };
  return withoutUndefined(outputs);
}

function artifactOutput(artifact: DeliveredArtifact, verdict: { verified: boolean; verification: string } | undefined): ArtifactOutput {
  const { hash, url, ...rest } = artifact;
  return withoutUndefined({
    ...rest,
    url: durableLocation(url),
    hashAlgorithm: hash?.algorithm,
    hash: hash?.hash,
    verified: verdict?.verified ?? false,
    verification: verdict?.verification,
  }) as ArtifactOutput;
}

/**
 * An HTTP(S) URL without its query: GetApp signs each status answer's URLs afresh, and a kept
 * signature would both expire and make every refresh report a change.
 */
export function durableLocation(url: string): string {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return url;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** A refresh has only the state: the program's inputs were kept in it. */
export function desiredFromDeliveryState(state: PreparedDeliveryOutputs): PreparedDeliveryInputs {
  return desiredFromState(PREPARED_DELIVERY_FIELDS, state);
}

/**
 * Whether the state describes a delivery that is ready and checked as asked: with verification,
 * each artifact verified, or (unless hashes are required) recorded as one that cannot be.
 */
export function isSettled(
  state: PreparedDeliveryOutputs,
  inputs: Pick<PreparedDeliveryInputs, "verifyArtifacts" | "requireArtifactHashes">,
): boolean {
  if (state.status !== "done") return false;
  if (!inputs.verifyArtifacts) return true;
  return state.artifacts.every(
    (artifact) => artifact.verified || (!inputs.requireArtifactHashes && unverifiableReason(artifact) !== undefined),
  );
}

/** A short name for lines and errors. */
export function deliveryLabel(fields: { catalogId: string; deviceId?: string }): string {
  return fields.deviceId ? `${fields.catalogId} for ${fields.deviceId}` : fields.catalogId;
}
