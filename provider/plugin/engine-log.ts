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
  // One call at a time: calls in flight together may reach the engine in any order, and a
  // resource's lines must read in the order they were said.
  let previous = Promise.resolve();
  const send = (severity: LogSeverity, urn: string, line: string) => {
    const request = new LogRequest().setSeverity(severity).setMessage(line).setUrn(urn);
    previous = previous.then(
      () =>
        new Promise<void>((resolve) =>
          client.log(request, (error) => {
            if (error) console.error(line);
            resolve();
          }),
        ),
    );
  };
  return {
    info: (urn, line) => send(LogSeverity.INFO, urn, line),
    warn: (urn, line) => send(LogSeverity.WARNING, urn, line),
  };
}
