import { ProviderHost, urnOf } from "../harness/provider-host";

/** From starting the provider host to its first answer (Configure, then a Check that loads the provider). */
export async function hostStartupMs(projectDir: string, type: string, providerText: string): Promise<number> {
  const started = Date.now();
  const host = await ProviderHost.start({ projectDir });
  try {
    await host.configure({ "plesk:url": "https://127.0.0.1:9", "plesk:login": "admin", "plesk:password": "unused" });
    await host.check(urnOf(type, "probe"), {}, { name: "probe", __provider: providerText });
    return Date.now() - started;
  } finally {
    await host.close();
  }
}
