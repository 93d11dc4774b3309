import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { watchEngine } from "../basics/engine-watch";
import { engineLog } from "./engine-log";
import type { Warned } from "../core/provider-package";
import { resourceService, type PluginPackage } from "./resource-service";

const OLDEST_NODE = [20, 18];

/**
 * Runs a plugin as the engine starts it: `pulumi-resource-<name> [flags] <engine address>`.
 * It serves on a free port of 127.0.0.1 and prints that port, which is how the engine finds it.
 */
export async function servePlugin<Connection extends Warned>(plugin: PluginPackage<Connection>, argv: readonly string[]): Promise<void> {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < OLDEST_NODE[0]! || (major === OLDEST_NODE[0] && minor < OLDEST_NODE[1]!)) {
    console.error(
      `pulumi-resource-${plugin.package.name} needs Node.js ${OLDEST_NODE.join(".")} or newer on PATH; this is ${process.version}`,
    );
    process.exit(1);
  }
  const engineAddress = argv.find((arg) => !arg.startsWith("-"));
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, resourceService(plugin, engineLog(engineAddress)));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  process.stdout.write(`${port}\n`);
  // A killed `pulumi` leaves this process behind: it ends, and every wait with it, once the engine is gone.
  if (engineAddress !== undefined) watchEngine(engineAddress, () => process.exit(1));
}
