/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and prints, as JSON, every resource it
 * registers: type token, name and inputs, `__provider` included. That string is made by
 * `dynamic.Resource` itself, exactly as `pulumi up` would store it.
 *
 * Usage: node register-under-mocks.js PROGRAM.js, run in the Pulumi project's directory so
 * that `@pulumi/pulumi` and the provider resolve from there, as they do under the CLI.
 */
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type * as Pulumi from "@pulumi/pulumi";

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

const projectRequire = createRequire(join(process.cwd(), "package.json"));
const pulumi = projectRequire("@pulumi/pulumi") as typeof Pulumi;
const registrations: Registration[] = [];

void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: () => ({}),
  },
  "quickstart",
  "dev",
  false,
);

projectRequire(resolve(process.argv[2]));

let printed = false;
process.on("beforeExit", () => {
  if (printed) return;
  printed = true;
  process.stdout.write(JSON.stringify(registrations));
});
