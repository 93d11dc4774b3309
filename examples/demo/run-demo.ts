import { join } from "node:path";
import { startSandbox } from "../../sandbox";
import { DIST, REPO_ROOT as ROOT } from "../../harness/paths";
import { ProviderHost, urnOf, withoutProviderSettings, type Props } from "../../harness/provider-host";
import { registrationsOf, type Registration } from "../../harness/registrations";
import { sandboxStackConfig } from "../../harness/sandbox-config";

/**
 * `npm run demo`: the quickstart's packages, then the delivery example, through Pulumi's own
 * dynamic-provider host, against the sandbox, in the order `pulumi up`, `pulumi refresh` and
 * `pulumi destroy` would call it. This script plays the engine's part (plan and state); it is not the Pulumi CLI.
 */

const QUICKSTART = join(DIST, "examples", "quickstart", "index.js");
const DELIVERY = join(DIST, "examples", "delivery", "index.js");

interface Managed {
  readonly registration: Registration;
  inputs: Props;
  id: string;
  outputs: Props;
}

const line = (text = "") => process.stdout.write(`${text}\n`);
/**
 * A heading, after the host's lines of the step before. The host writes a line to its stdout
 * pipe before it answers the call, but the two arrive on different descriptors: one turn of the
 * event loop lets every line already in the pipe be printed first.
 */
const section = async (title: string) => {
  await new Promise((resolve) => setImmediate(resolve));
  line(`\n== ${title}`);
};

async function main(): Promise<void> {
  const started = Date.now();
  line("pulumi-plesk-aps demo");
  line("Drives Pulumi's dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider) over gRPC, as the engine");
  line("does during pulumi up / refresh / destroy. This script stands in for the engine; it is not the Pulumi CLI.");

  const sandbox = await startSandbox({ speed: 5 });
  const startHost = async () => {
    const started = await ProviderHost.start({ projectDir: ROOT, env: withoutProviderSettings(process.env) });
    started.onLine((text) => line(`    host | ${text.replace(/^info: \[runtime\] /, "")}`));
    return started;
  };
  let host = await startHost();
  // Each pulumi command starts a provider host of its own; what one host learnt ends with it.
  const nextCommand = async () => {
    await host.close();
    host = await startHost();
    await host.configure(sandboxStackConfig(sandbox));
  };
  try {
    await section("the sandbox (a local Plesk XML API and GetApp delivery API over HTTPS, at 5x speed)");
    line(`  ${sandbox.url}, login ${sandbox.credentials.login}, CA ${sandbox.caCertPath}`);

    await section("the program: examples/quickstart, run under pulumi.runtime.setMocks to capture its registrations");
    const registrations = await registrationsOf(ROOT, QUICKSTART);
    for (const r of registrations) line(`  ${r.type} "${r.name}" ${JSON.stringify(withoutProvider(r.inputs))}`);
    line(
      `  __provider: ${registrations[0].inputs.__provider?.toString().length} bytes of provider code per resource, serialized from this ` +
        "repository's source; a program using the installed package stores one require() of its entry module instead, under 300 bytes",
    );

    await section("Configure: stack config as the engine sends it (the password as a secret)");
    await host.configure(sandboxStackConfig(sandbox));
    line("  plesk:url, plesk:login, plesk:password [secret], plesk:caCert, getapp:url, getapp:deviceAuth [secret], getapp:caCert");

    const state = new Map<string, Managed>();
    await up(host, registrations, state);

    await section("pulumi refresh: Read every resource");
    await nextCommand();
    await refresh(host, state);

    await section("drift, made on the server behind Pulumi's back");
    const joomla = state.get("joomla")!;
    const wordpress = state.get("wordpress")!;
    sandbox.aps.removePackage(Number(joomla.id));
    line(`  package ${joomla.id} (Joomla) removed from the server`);
    sandbox.aps.updatePackage(Number(wordpress.id), { version: "6.4.3", release: "1" });
    line(`  package ${wordpress.id} (WordPress 6.4-2) now holds WordPress 6.4.3-1, as when Plesk reuses an id after a restart`);

    await section("pulumi refresh: Read every resource");
    await nextCommand();
    await refresh(host, state);

    await nextCommand();
    await up(host, registrations, state);

    await section("pulumi destroy: Delete every resource");
    await nextCommand();
    for (const [name, managed] of state) {
      await host.delete(urn(managed), managed.id, managed.outputs);
      line(`  - ${name} deleted from the state`);
    }
    state.clear();

    await nextCommand();
    await deliveries(host, sandbox);

    await section("what reached the sandbox");
    const counts = sandbox.counts();
    for (const [operation, packets] of Object.entries(counts.packetsByOperation)) line(`  ${operation}: ${packets} packet(s)`);
    for (const [route, requests] of Object.entries(counts.getappRequests)) line(`  GetApp ${route}: ${requests} request(s)`);
    line(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await host.close();
    await sandbox.close();
  }
}

/** GetApp: the delivery example prepared and verified, evicted behind Pulumi's back, prepared again, destroyed. */
async function deliveries(host: ProviderHost, sandbox: Awaited<ReturnType<typeof startSandbox>>): Promise<void> {
  await section("GetApp: examples/delivery, captured the same way");
  const registrations = await registrationsOf(ROOT, DELIVERY);
  for (const r of registrations) line(`  ${r.type} "${r.name}" ${JSON.stringify(withoutProvider(r.inputs))}`);
  const state = new Map<string, Managed>();
  await up(host, registrations, state);
  for (const artifact of (state.get("navigator")!.outputs.artifacts as Props[]) ?? []) {
    line(`    ${artifact.itemKey}: ${artifact.verified ? `${artifact.hashAlgorithm} ${artifact.hash} matched` : artifact.verification}`);
  }

  await section("drift: GetApp evicts a delivery from its cache");
  sandbox.deliveries.evict({ catalogId: "navigator-2.4.1" });
  line("  navigator-2.4.1 evicted");
  await section("pulumi refresh: Read every resource");
  await refresh(host, state);
  await up(host, registrations, state);

  await section("pulumi destroy: Delete every resource (evicts each delivery)");
  for (const [name, managed] of state) {
    await host.delete(urn(managed), managed.id, managed.outputs);
    line(`  - ${name} deleted from the state`);
  }
}

/** Preview (Check, then Diff for what exists), then apply: creates and replacements in parallel. */
async function up(host: ProviderHost, registrations: Registration[], state: Map<string, Managed>): Promise<void> {
  await section("pulumi up, preview: Check every resource, Diff those in the state");
  const plan: { registration: Registration; inputs: Props; action: "create" | "replace" | "update" | "same"; replaces?: string[] }[] = [];
  for (const registration of registrations) {
    const current = state.get(registration.name);
    const checked = await host.check(urnOf(registration.type, registration.name), current?.inputs ?? {}, registration.inputs);
    if (checked.failures.length) throw new Error(`check failed for ${registration.name}: ${JSON.stringify(checked.failures)}`);
    if (!current) {
      plan.push({ registration, inputs: checked.inputs, action: "create" });
      line(`  + ${registration.name}  create`);
      continue;
    }
    const diff = await host.diff(urn(current), current.id, current.outputs, checked.inputs);
    const action = diff.replaces.length ? "replace" : diff.changes === "some" ? "update" : "same";
    plan.push({ registration, inputs: checked.inputs, action, replaces: diff.replaces });
    line(
      `  ${{ replace: "+-", update: "~ ", same: "  " }[action]} ${registration.name}  ${action === "replace" ? `replace (${diff.replaces.join(", ")} ${diff.replaces.length > 1 ? "differ" : "differs"})` : action === "same" ? "unchanged" : "update"}`,
    );
  }

  await section("pulumi up, apply: Create (replacements are created before the old resource is deleted)");
  await Promise.all(
    plan.map(async ({ registration, inputs, action }) => {
      const previous = state.get(registration.name);
      if (action === "same") return;
      if (action === "update") {
        const updated = await host.update(urn(previous!), previous!.id, previous!.outputs, inputs);
        state.set(registration.name, { registration, inputs, id: previous!.id, outputs: updated.properties });
        return;
      }
      const created = await host.create(urnOf(registration.type, registration.name), inputs);
      state.set(registration.name, { registration, inputs, id: created.id, outputs: created.properties });
      line(`  + ${registration.name} created: ${describe(created.id, created.properties)}`);
      if (previous) {
        await host.delete(urn(previous), previous.id, previous.outputs);
        line(`  - ${registration.name}: the replaced resource (${previous.id}) deleted from the state`);
      }
    }),
  );
}

async function refresh(host: ProviderHost, state: Map<string, Managed>): Promise<void> {
  for (const [name, managed] of state) {
    const read = await host.read(urn(managed), managed.id, managed.outputs);
    if (read.id === "") {
      line(`  - ${name}: ${managed.id} is gone from the server; dropped from the state`);
      state.delete(name);
      continue;
    }
    const drift = Object.keys(read.properties).filter(
      (key) => key !== "__provider" && JSON.stringify(read.properties[key]) !== JSON.stringify(managed.outputs[key]),
    );
    line(
      drift.length
        ? `  ~ ${name}: drift in ${drift.map((key) => `${key} ${managed.outputs[key]} -> ${read.properties[key]}`).join(", ")}`
        : `    ${name}: unchanged`,
    );
    managed.id = read.id;
    managed.outputs = read.properties;
  }
}

function urn(managed: Managed): string {
  return urnOf(managed.registration.type, managed.registration.name);
}

function describe(id: string, outputs: Props): string {
  if (outputs.status !== undefined) {
    const artifacts = (outputs.artifacts as Props[]) ?? [];
    return `delivery ${id} ${outputs.status}, ${artifacts.length} artifact(s), ${artifacts.filter((a) => a.verified).length} verified`;
  }
  return `package ${id}, ${outputs.name} ${outputs.version}-${outputs.release}, ${outputs.isVisible ? "visible" : "hidden"}${outputs.adopted ? ", adopted" : ""}`;
}

function withoutProvider(inputs: Props): Props {
  const { __provider, ...rest } = inputs;
  return rest;
}

main().catch((error: Error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  process.exit(1);
});
