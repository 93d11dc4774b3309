import type { PleskEndpoint } from "./endpoint";
import { buildRequestPacket, readAnswer, type XmlElement, type XmlInputElement } from "./packet";
import type { Resend } from "../http/retry-rules";
import { postPacket } from "./transport";

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
      return readAnswer(answer, operator, operation, endpoint.limits);
    },
  };
}
