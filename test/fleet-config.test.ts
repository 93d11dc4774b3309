import { createServer } from "node:net";
import { listServerPackages } from "../provider/plesk/aps";
import { pleskClient } from "../provider/plesk/client";
import { closeAllConnections } from "../provider/http/pools";
import { pleskFleet } from "../provider/resources/common/plesk-fleet";

/** Stack config as the provider host hands it: text, or an object for structured config. */
const config = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });
/** How Pulumi marks a secret inside structured config when it is not unwrapped on the way. */
const secret = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

const SERVERS = {
  web1: { url: "https://web1.example.com", login: "admin", password: secret("web1-password") },
  web2: { url: "https://web2.example.com:9443", secretKey: secret("web2-key"), insecureSkipVerify: "true" },
};

describe("plesk:servers: several Plesk servers from one stack", () => {
  test("each named server is a connection of its own, secrets nested in structured config included", () => {
    const fleet = pleskFleet(config({ "plesk:servers": SERVERS }), {});
    expect(fleet.serverNames).toEqual(["web1", "web2"]);
    expect(fleet.connectionFor("web1").endpoint).toMatchObject({
      origin: "https://web1.example.com:8443",
      auth: { kind: "login", login: "admin", password: "web1-password" },
    });
    expect(fleet.connectionFor("web2").endpoint).toMatchObject({
      origin: "https://web2.example.com:9443",
      auth: { kind: "secret-key", secretKey: "web2-key" },
    });
    expect(fleet.warnings).toEqual([
      expect.stringContaining(
        "TLS certificate checks are off for https://web2.example.com:9443 (plesk:servers.web2.insecureSkipVerify is true)",
      ),
    ]);
  });

  test("the servers may come as JSON text, from the config or the PLESK_SERVERS variable", () => {
    const json = JSON.stringify({ web3: { url: "https://web3.example.com", login: "admin", password: "p3" } });
    expect(pleskFleet(config({ "plesk:servers": json }), {}).connectionFor("web3").endpoint.origin).toBe("https://web3.example.com:8443");
    expect(pleskFleet(config({}), { PLESK_SERVERS: json }).connectionFor("web3").endpoint.origin).toBe("https://web3.example.com:8443");
  });

  test("the default connection stays as it was, beside named servers", () => {
    const fleet = pleskFleet(config({ "plesk:servers": SERVERS, "plesk:url": "https://main.example.com", "plesk:secretKey": "k" }), {});
    expect(fleet.connectionFor(undefined).endpoint.origin).toBe("https://main.example.com:8443");
  });

  test.each([
    [
      "a resource with no server when only named servers are set",
      { "plesk:servers": SERVERS },
      undefined,
      'Missing Plesk URL: set plesk:url (pulumi config set plesk:url https://plesk.example.com:8443) or the PLESK_URL environment variable. This resource names no server; give it server: "web1" (one of web1, web2) to use a server of plesk:servers.',
    ],
    [
      "a server the stack does not name",
      { "plesk:servers": SERVERS },
      "web9",
      'server "web9" is not one of plesk:servers (web1, web2); add it with pulumi config set --path plesk:servers.web9.url https://plesk.example.com:8443',
    ],
    [
      "a server when the stack names none",
      { "plesk:url": "https://main.example.com", "plesk:secretKey": "k" },
      "web1",
      'server "web1" is not configured: plesk:servers (or PLESK_SERVERS) names no servers; set pulumi config set --path plesk:servers.web1.url https://plesk.example.com:8443 and its credentials',
    ],
  ])("%s is refused naming what to set", (_case, values, server, message) => {
    expect(() => pleskFleet(config(values), {}).connectionFor(server)).toThrow(message);
  });

  test.each([
    [
      { web1: { url: "https://web1.example.com", login: "admin" } },
      "plesk:servers.web1.login is set but plesk:servers.web1.password is not: pulumi config set --secret --path plesk:servers.web1.password",
    ],
    [
      { web1: { login: "admin", password: "p" } },
      "Missing Plesk URL: set plesk:servers.web1.url (pulumi config set --path plesk:servers.web1.url https://plesk.example.com:8443).",
    ],
    [
      { web1: { url: "https://web1.example.com", pasword: "p" } },
      "plesk:servers.web1.pasword is not a server setting; the settings are url, login, password, secretKey, caCert, insecureSkipVerify",
    ],
    [
      { "web 1": { url: "https://web1.example.com" } },
      'plesk:servers: "web 1" is not a usable server name; use letters, digits, ".", "_" and "-"',
    ],
    [["web1"], "plesk:servers must be an object of servers by name"],
  ])("unusable servers fail when the provider is configured, naming the key: %j", (servers, message) => {
    expect(() => pleskFleet(config({ "plesk:servers": servers }), {})).toThrow(message);
  });

  test("an explicit provider's servers input is named as its own, with the fix on the provider", () => {
    const inputs = (values: Record<string, unknown>) => ({ ...config(values), source: { provider: "eu-2" } });
    const fleet = pleskFleet(inputs({ "plesk:servers": SERVERS }), {});
    expect(() => fleet.connectionFor("web9")).toThrow(
      'server "web9" is not one of servers (web1, web2); add it with servers.web9.url: "https://plesk.example.com:8443" on provider eu-2',
    );
    expect(() => pleskFleet(inputs({ "plesk:servers": { web1: { url: "https://web1.example.com", login: "admin" } } }), {})).toThrow(
      "servers.web1.login of provider eu-2 is set but servers.web1.password of provider eu-2 is not: servers.web1.password on provider eu-2, as a secret",
    );
  });

  test("a named server's network failure names the server and its address", async () => {
    // A port that was free a moment ago refuses connections.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const servers = { web1: { url: `https://127.0.0.1:${port}`, login: "admin", password: "web1-password" } };
    const fleet = pleskFleet(config({ "plesk:servers": servers, "plesk:url": `https://127.0.0.1:${port}`, "plesk:secretKey": "k" }), {});
    const error = await listServerPackages(pleskClient(fleet.connectionFor("web1").endpoint)).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`cannot connect to server web1 at https://127.0.0.1:${port} (ECONNREFUSED`);
    expect(fleet.connectionFor(undefined).endpoint.name).toBeUndefined();
    await closeAllConnections();
  });

  test("credentials are never echoed", () => {
    const attempts = [
      () => pleskFleet(config({ "plesk:servers": "{not json web1-password" }), {}),
      () => pleskFleet(config({ "plesk:servers": { web1: { url: "https://w", login: "admin", password: 42 } } }), {}),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(/not shown/);
      expect(attempt).not.toThrow(/web1-password|42/);
    }
  });
});
