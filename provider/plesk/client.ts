import type { PleskEndpoint } from "./endpoint";
import { buildRequestPacket, readAnswer, type XmlElement, type XmlInputElement } from "./packet";
import type { Resend } from "../http/retry-rules";
import { postPacket } from "./transport";
import { isPleskApiError, PleskApiError, refusesCredentials } from "./errors";

export interface PleskRequest {
  readonly operator: string;
  readonly operation: string;
  /** One entry per operation element in the packet. */
  readonly bodies: readonly XmlInputElement[];
  readonly resend: Resend;
  readonly signal?: AbortSignal;
}

/** Sends packets to one Plesk server and hands back the answer's operation elements. */
export interface PleskClient {
  send(request: PleskRequest): Promise<XmlElement[]>;
}

export function pleskClient(endpoint: PleskEndpoint): PleskClient {
  return {
    async send({ operator, operation, bodies, resend, signal }) {
      const packet = buildRequestPacket(operator, operation, bodies);
      const answer = await postPacket(endpoint, packet, { operation, resend, ...(signal ? { signal } : {}) });
      try {
        return readAnswer(answer, operator, operation, endpoint.limits);
      } catch (error) {
        throw withCredentialsHint(error, endpoint.credentialsHint);
      }
    },
  };
}

/** A refusal of the credentials says which settings hold them. */
function withCredentialsHint(error: unknown, hint: string | undefined): unknown {
  if (hint === undefined || !isPleskApiError(error) || !refusesCredentials(error)) return error;
  return new PleskApiError(error.operation, error.errcode, error.errtext, error.level, hint);
}
