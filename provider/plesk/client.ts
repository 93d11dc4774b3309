import type { PleskEndpoint } from "./endpoint";
import { buildRequestPacket, readAnswer, type XmlElement, type XmlInputElement } from "./packet";
import type { Resend } from "../http/retry-rules";
import { postPacket } from "./transport";
import { isPleskApiError, PleskApiError, PleskApsUnsupportedError, refusesCredentials } from "./errors";
import { APS_OPERATOR_DOCUMENTED, PACKET_VERSIONS, refusedForItsVersion, type PacketVersion } from "./packet-versions";
import { pleskVersionOf, STAT_REQUEST } from "./server-version";

export interface PleskRequest {
  readonly operator: string;
  readonly operation: string;
  /** One entry per operation element in the packet. */
  readonly bodies: readonly XmlInputElement[];
  readonly resend: Resend;
  readonly signal?: AbortSignal;
  /** Longer than the endpoint's limit, for a packet Plesk answers only when its work is done. */
  readonly responseTimeoutMs?: number;
}

/** Sends packets to one Plesk server and hands back the answer's operation elements. */
export interface PleskClient {
  /** The server in messages: `Plesk at https://host:8443`, or `server web1 at https://…`. */
  readonly where: string;
  send(request: PleskRequest): Promise<XmlElement[]>;
}

export interface PleskClientOptions {
  /** Told once, when the server takes the `aps` operator only at an older packet version. */
  readonly notice?: (line: string) => void;
}

/**
 * A client of one server. It speaks the newest packet version first; a server that refuses the
 * `aps` operator at it (unread, see packet-versions.ts) is asked again at the older version, which
 * this client then keeps. A server that refuses it at every version fails every `aps` packet with
 * one PleskApsUnsupportedError, asked for once.
 */
export function pleskClient(endpoint: PleskEndpoint, options: PleskClientOptions = {}): PleskClient {
  let version: PacketVersion = PACKET_VERSIONS[0];
  let unsupported: Promise<PleskApsUnsupportedError> | undefined;

  const post = async ({ operator, operation, bodies, resend, signal, responseTimeoutMs }: PleskRequest, at: PacketVersion) => {
    const packet = buildRequestPacket(operator, operation, bodies, at);
    const answer = await postPacket(endpoint, packet, {
      operation,
      resend,
      ...(signal ? { signal } : {}),
      ...(responseTimeoutMs === undefined ? {} : { responseTimeoutMs }),
    });
    try {
      return readAnswer(answer, operator, operation, endpoint.limits);
    } catch (error) {
      throw withCredentialsHint(error, endpoint.credentialsHint);
    }
  };

  return {
    where: endpoint.name === undefined ? `Plesk at ${endpoint.origin}` : `${endpoint.name} at ${endpoint.origin}`,
    async send(request) {
      for (;;) {
        if (request.operator === "aps" && unsupported) throw await unsupported;
        const at = version;
        try {
          return await post(request, at);
        } catch (error) {
          if (request.operator !== "aps" || !refusedForItsVersion(error)) throw error;
          if (version !== at) continue; // another packet already moved this client on
          const older = PACKET_VERSIONS[PACKET_VERSIONS.indexOf(at) + 1];
          if (older === undefined) {
            unsupported ??= describeUnsupported(endpoint, error, (stat) => post(stat, PACKET_VERSIONS[0]));
            throw await unsupported;
          }
          version = older;
          options.notice?.(
            `Plesk at ${endpoint.origin} refused the aps operator at XML API version ${at} (error ${error.errcode}: ${error.errtext}); ` +
              `its packets go at ${older} from now on (the operator is ${APS_OPERATOR_DOCUMENTED})`,
          );
        }
      }
    },
  };
}

/** The error for a server without the `aps` operator, with the Plesk version it reports, when it does. */
async function describeUnsupported(
  endpoint: PleskEndpoint,
  refusal: PleskApiError,
  ask: (request: PleskRequest) => Promise<XmlElement[]>,
): Promise<PleskApsUnsupportedError> {
  let reported: string;
  try {
    const pleskVersion = pleskVersionOf(await ask({ ...STAT_REQUEST, resend: "safe", signal: AbortSignal.timeout(10_000) }));
    reported = pleskVersion ? `The server reports ${pleskVersion}.` : "The server did not say which Plesk version it runs.";
  } catch (error) {
    reported = `Its Plesk version could not be read (${(error as Error).message}).`;
  }
  return new PleskApsUnsupportedError(
    `Plesk at ${endpoint.origin} does not offer the XML API aps operator (${APS_OPERATOR_DOCUMENTED}), needed to manage APS packages: ` +
      `it refused it at packet versions ${PACKET_VERSIONS.join(" and ")} (last: error ${refusal.errcode}: ${refusal.errtext}). ${reported} ` +
      "Nothing was changed on the server.",
    refusal,
  );
}

/** A refusal of the credentials says which settings hold them. */
function withCredentialsHint(error: unknown, hint: string | undefined): unknown {
  if (hint === undefined || !isPleskApiError(error) || !refusesCredentials(error)) return error;
  return new PleskApiError(error.operation, error.errcode, error.errtext, error.level, hint);
}
