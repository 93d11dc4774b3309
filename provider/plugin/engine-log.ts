import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

/** Lines for the engine's display, attached to a resource's row by its URN. */
export interface EngineLog {
  info(urn: string, line: string): void;
  warn(urn: string, line: string): void;
}

/** The engine's Log service at `address`; without an address, lines go to stderr (the engine logs that). */
export function engineLog(address: string | undefined): EngineLog {
  if (address === undefined) {
    return { info: (_urn, line) => console.error(line), warn: (_urn, line) => console.error(`warning: ${line}`) };
  }
  const client = new EngineClient(address, grpc.credentials.createInsecure());
  const send = (severity: LogSeverity, urn: string, line: string) => {
    const request = new LogRequest().setSeverity(severity).setMessage(line).setUrn(urn);
    client.log(request, (error) => {
      if (error) console.error(line);
    });
  };
  return {
    info: (urn, line) => send(LogSeverity.INFO, urn, line),
    warn: (urn, line) => send(LogSeverity.WARNING, urn, line),
  };
}
