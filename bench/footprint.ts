import { join } from "node:path";
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

/**
 * From starting the installed `plesk` plugin's launcher to its first answer (Configure, then a
 * Check), as the engine starts it for a program that uses it.
 */
export async function pluginStartupMs(projectDir: string): Promise<number> {
  const started = Date.now();
  const plugin = join(projectDir, "node_modules", "pulumi-plesk-aps", "plugins", "plesk", "pulumi-resource-plesk");
  const host = await ProviderHost.start({ projectDir, plugin });
  try {
    await host.configure({ "plesk:url": "https://127.0.0.1:9", "plesk:login": "admin", "plesk:password": "unused" });
    await host.check(urnOf("plesk:index:ApsPackage", "probe"), {}, { name: "probe" });
    return Date.now() - started;
  } finally {
    await host.close();
  }
}
