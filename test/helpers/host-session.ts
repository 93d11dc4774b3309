import { startSandbox, type Sandbox, type SandboxOptions } from "../../sandbox";
import { ProviderHost, urnOf, withoutProviderSettings, type Props } from "../../harness/provider-host";
import { sandboxStackConfig } from "../../harness/sandbox-config";
import { APS_PACKAGE, EXTENSION, PREPARED_DELIVERY, type Loading } from "../../harness/loadings";

export { APS_PACKAGE, EXTENSION, PREPARED_DELIVERY };

/** Everything any host returned or printed in this test file, for the credential scan. */
export const hostTranscript: unknown[] = [];

export interface SessionOptions {
  readonly sandbox?: SandboxOptions;
  /** Replaces the stack config the session would give (`sandboxStackConfig`). */
  readonly config?: (sandbox: Sandbox) => Props;
  readonly env?: NodeJS.ProcessEnv;
  /** The resource type the session drives; ApsPackage unless told. */
  readonly resource?: typeof APS_PACKAGE | typeof EXTENSION | typeof PREPARED_DELIVERY;
}

/** A sandbox and a provider host configured for it, the way `pulumi up` would run them. */
export class HostSession {
  private constructor(
    readonly loading: Loading,
    readonly sandbox: Sandbox,
    private currentHost: ProviderHost,
    readonly type: string,
    private readonly options: SessionOptions,
  ) {}

  static async start(loading: Loading, options: SessionOptions = {}): Promise<HostSession> {
    const sandbox = await startSandbox({ speed: 1000, password: `Sb-${Math.random().toString(36).slice(2)}-pw`, ...options.sandbox });
    const host = await HostSession.startHost(loading, sandbox, options);
    return new HostSession(loading, sandbox, host, options.resource ?? APS_PACKAGE, options);
  }

  private static async startHost(loading: Loading, sandbox: Sandbox, options: SessionOptions): Promise<ProviderHost> {
    const host = await ProviderHost.start({ projectDir: loading.projectDir, env: options.env ?? withoutProviderSettings(process.env) });
    await host.configure(options.config?.(sandbox) ?? sandboxStackConfig(sandbox));
    return host;
  }

  get host(): ProviderHost {
    return this.currentHost;
  }

  /** Kills the host (SIGKILL) as a killed `pulumi up` leaves it, then starts a new one alike. */
  async killHostAndStartAnother(): Promise<void> {
    hostTranscript.push(...this.currentHost.output);
    await this.currentHost.close("SIGKILL");
    this.currentHost = await HostSession.startHost(this.loading, this.sandbox, this.options);
  }

  /**
   * Ends this host and starts another, as the next CLI command does: what one host learnt of the
   * server (a list shared by a refresh's reads) does not carry over to the next command.
   */
  async nextCommand(): Promise<void> {
    hostTranscript.push(...this.currentHost.output);
    await this.currentHost.close();
    this.currentHost = await HostSession.startHost(this.loading, this.sandbox, this.options);
  }

  urn(name: string): string {
    return urnOf(this.type, name);
  }

  get providerText(): string {
    if (this.type === PREPARED_DELIVERY) return this.loading.deliveryProviderText;
    return this.type === EXTENSION ? this.loading.extensionProviderText : this.loading.providerText;
  }

  /** What the engine sends: the program's inputs and `__provider`. */
  withProvider(inputs: Props): Props {
    return { ...inputs, __provider: this.providerText };
  }

  async check(name: string, inputs: Props, olds: Props = {}) {
    return record(await this.host.check(this.urn(name), olds, this.withProvider(inputs)));
  }

  /** check, then create, as `pulumi up` does for a new resource. */
  async up(name: string, inputs: Props): Promise<{ id: string; state: Props; inputs: Props }> {
    const checked = await this.check(name, inputs);
    if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const created = record(await this.host.create(this.urn(name), checked.inputs));
    return { id: created.id, state: created.properties, inputs: checked.inputs };
  }

  async diff(name: string, id: string, olds: Props, news: Props) {
    const checked = await this.check(name, news, olds);
    return record(await this.host.diff(this.urn(name), id, olds, checked.inputs));
  }

  async read(name: string, id: string, state: Props) {
    return record(await this.host.read(this.urn(name), id, state));
  }

  async update(name: string, id: string, olds: Props, news: Props) {
    const checked = await this.check(name, news, olds);
    return record(await this.host.update(this.urn(name), id, olds, checked.inputs));
  }

  async delete(name: string, id: string, state: Props): Promise<void> {
    await this.host.delete(this.urn(name), id, state);
  }

  async close(): Promise<void> {
    hostTranscript.push(...this.host.output);
    await this.host.close();
    await this.sandbox.close();
  }
}

function record<T>(value: T): T {
  hostTranscript.push(value);
  return value;
}

/** Waits for a condition of the sandbox or host, checking often; never a fixed sleep. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
