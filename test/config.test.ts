import { ConfigurationError, getappConnection, pleskConnection } from "../provider/resources/common/config";
import { createSandboxCertificate } from "../sandbox/tls-certificate";

const PEM = createSandboxCertificate().caCert;
const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("Plesk connection settings", () => {
  test("stack config wins over the environment, which fills the gaps", () => {
    const { endpoint } = pleskConnection(config({ "plesk:url": "https://from-config" }), {
      PLESK_URL: "https://from-env",
      PLESK_LOGIN: "admin",
      PLESK_PASSWORD: "env-password",
    });
    expect(endpoint.origin).toBe("https://from-config:8443");
    expect(endpoint.auth).toEqual({ kind: "login", login: "admin", password: "env-password" });
  });

  test("a secret key wins over login and password", () => {
    const { endpoint } = pleskConnection(
      config({ "plesk:url": "https://h", "plesk:login": "admin", "plesk:password": "p", "plesk:secretKey": "k" }),
      {},
    );
    expect(endpoint.auth).toEqual({ kind: "secret-key", secretKey: "k" });
  });

  test.each([
    [
      {},
      {},
      "Missing Plesk URL: set plesk:url (pulumi config set plesk:url https://plesk.example.com:8443) or the PLESK_URL environment variable.",
    ],
    [
      { "plesk:url": "https://h" },
      {},
      "Missing Plesk credentials: set plesk:login and plesk:password (pulumi config set --secret plesk:password), or plesk:secretKey; or the environment variables PLESK_LOGIN and PLESK_PASSWORD, or PLESK_SECRET_KEY.",
    ],
    [
      { "plesk:url": "https://h", "plesk:login": "admin" },
      {},
      "plesk:login (or PLESK_LOGIN) is set but plesk:password (or PLESK_PASSWORD) is not",
    ],
    [
      { "plesk:url": "https://h" },
      { PLESK_PASSWORD: "only-password" },
      "plesk:password (or PLESK_PASSWORD) is set but plesk:login (or PLESK_LOGIN) is not",
    ],
    [
      { "plesk:url": "https://h", "plesk:secretKey": "k", "plesk:caCert": "/etc/ca.pem" },
      {},
      'plesk:caCert (or PLESK_CA_CERT) must be PEM text starting with -----BEGIN CERTIFICATE-----; from a file: pulumi config set plesk:caCert -- "$(cat ca.pem)"',
    ],
    [
      {
        "plesk:url": "https://h",
        "plesk:secretKey": "k",
        "plesk:caCert": "-----BEGIN CERTIFICATE-----\nonly-password\n-----END CERTIFICATE-----\n",
      },
      {},
      "plesk:caCert (or PLESK_CA_CERT) has PEM armour, but what it holds is not a certificate (the text is not shown)",
    ],
    [
      { "plesk:url": "https://h", "plesk:secretKey": "k", "plesk:insecureSkipVerify": "only-password" },
      {},
      "plesk:insecureSkipVerify (or PLESK_INSECURE_SKIP_VERIFY) must be true or false; the value given is neither (not shown)",
    ],
    [
      { "plesk:url": "plesk.example.com", "plesk:secretKey": "k" },
      {},
      "plesk:url (or PLESK_URL): is not a URL (the value is not shown: it may hold a credential); write it as https://host[:port]",
    ],
    [
      { "plesk:url": "https://admin:only-password", "plesk:secretKey": "k" },
      {},
      "plesk:url (or PLESK_URL): is not a URL (the value is not shown",
    ],
    [
      { "plesk:url": "https://admin:only-password@plesk.example.com", "plesk:secretKey": "k" },
      {},
      "plesk:url (or PLESK_URL): must not hold credentials",
    ],
  ])("%j %j: %s", (values, env, message) => {
    const error = (() => {
      try {
        pleskConnection(config(values as Record<string, string>), env);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.message).toContain(message);
    expect(error!.message).not.toContain("only-password");
  });

  test("a CA in PEM is trusted; insecureSkipVerify says it is for test servers", () => {
    const trusted = pleskConnection(config({ "plesk:url": "https://h", "plesk:secretKey": "k", "plesk:caCert": PEM }), {});
    expect(trusted.endpoint.tls).toEqual({ caCert: PEM });
    expect(trusted.warnings).toEqual([]);
    const insecure = pleskConnection(config({ "plesk:url": "https://h", "plesk:secretKey": "k" }), { PLESK_INSECURE_SKIP_VERIFY: "TRUE" });
    expect(insecure.endpoint.tls).toEqual({ insecureSkipVerify: true });
    expect(insecure.warnings).toEqual([
      "TLS certificate checks are off for https://h:8443 (plesk:insecureSkipVerify is true): use it for test servers only",
    ]);
  });

  test("plain http:// warns that the credentials travel unencrypted", () => {
    const plain = pleskConnection(config({ "plesk:url": "http://h", "plesk:login": "admin", "plesk:password": "p" }), {});
    expect(plain.warnings).toEqual([
      "plesk:url uses plain http://, so the password or secret key travels unencrypted to http://h:8880: use https:// for anything but a local test server",
    ]);
  });
});

describe("an explicit provider's settings", () => {
  // The same keys, read from a provider resource's inputs: the fix is on the provider, not in stack config.
  const inputs = (values: Record<string, string>) => ({ ...config(values), source: { provider: "eu-2" } });

  test.each([
    [{}, 'Missing Plesk URL of provider eu-2: set url (url: "https://plesk.example.com:8443" on provider eu-2).'],
    [
      { "plesk:url": "https://h" },
      "Missing Plesk credentials of provider eu-2: set login and password (password on provider eu-2, as a secret), or secretKey.",
    ],
    [
      { "plesk:url": "https://h", "plesk:password": "p" },
      'password of provider eu-2 is set but login of provider eu-2 is not: login: "admin" on provider eu-2',
    ],
    [
      { "plesk:url": "https://h", "plesk:secretKey": "k", "plesk:caCert": "/etc/ca.pem" },
      "caCert of provider eu-2 must be PEM text starting with -----BEGIN CERTIFICATE-----; from a file: caCert on provider eu-2 to the text of ca.pem",
    ],
  ])("%j: %s", (values, message) => {
    expect(() => pleskConnection(inputs(values), {})).toThrow(new ConfigurationError(message));
  });

  test("never borrows a PLESK_* or GETAPP_* variable meant for the default connection", () => {
    const defaults = { PLESK_URL: "https://a.example.com", PLESK_LOGIN: "admin", PLESK_PASSWORD: "a-password", PLESK_SECRET_KEY: "a-key" };
    // Server B's URL, no credentials of its own: server A's must not fill them.
    expect(() => pleskConnection(inputs({ "plesk:url": "https://b.example.com" }), defaults)).toThrow(
      "Missing Plesk credentials of provider eu-2",
    );
    // Credentials of its own, no URL: they must not go to PLESK_URL's server.
    expect(() => pleskConnection(inputs({ "plesk:login": "admin", "plesk:password": "b-password" }), defaults)).toThrow(
      "Missing Plesk URL of provider eu-2",
    );
    expect(() => getappConnection(inputs({ "getapp:url": "https://g" }), { GETAPP_TOKEN: "t", GETAPP_DEVICE_AUTH: "d" })).toThrow(
      "Missing GetApp credentials of provider eu-2",
    );
  });

  test("warnings and GetApp's messages name the inputs too", () => {
    const plain = pleskConnection(inputs({ "plesk:url": "http://h", "plesk:secretKey": "k" }), {});
    expect(plain.warnings).toEqual([
      "url uses plain http://, so the password or secret key travels unencrypted to http://h:8880: use https:// for anything but a local test server",
    ]);
    expect(() => getappConnection(inputs({ "getapp:url": "https://g" }), {})).toThrow(
      "Missing GetApp credentials of provider eu-2: set deviceAuth (deviceAuth on provider eu-2, as a secret) or token.",
    );
  });
});

describe("GetApp connection settings", () => {
  test("the URL gains /api/v1 unless it names a version; Device-Auth wins over a token; config over env", () => {
    const { endpoint } = getappConnection(config({ "getapp:url": "https://getapp.example.com/gw/", "getapp:token": "t" }), {
      GETAPP_DEVICE_AUTH: "d",
      GETAPP_URL: "https://ignored",
    });
    expect(endpoint).toMatchObject({
      origin: "https://getapp.example.com:443",
      apiPath: "/gw/api/v1",
      auth: { kind: "device-auth", secret: "d" },
    });
    expect(getappConnection(config({}), { GETAPP_URL: "http://127.0.0.1:3000/api/v2", GETAPP_TOKEN: "t" }).endpoint).toMatchObject({
      origin: "http://127.0.0.1:3000",
      apiPath: "/api/v2",
      auth: { kind: "bearer", token: "t" },
    });
  });

  test.each([
    [
      {},
      {},
      "Missing GetApp URL: set getapp:url (pulumi config set getapp:url https://getapp.example.com) or the GETAPP_URL environment variable.",
    ],
    [
      { "getapp:url": "https://g" },
      {},
      "Missing GetApp credentials: set getapp:deviceAuth (pulumi config set --secret getapp:deviceAuth) or getapp:token; or the environment variables GETAPP_DEVICE_AUTH or GETAPP_TOKEN.",
    ],
    [
      { "getapp:url": "getapp.example.com", "getapp:token": "t" },
      {},
      "getapp:url (or GETAPP_URL): is not a URL (the value is not shown: it may hold a credential); write it as https://host[:port][/prefix]",
    ],
    [
      { "getapp:url": "https://g", "getapp:token": "t", "getapp:caCert": "ca.pem" },
      {},
      "getapp:caCert (or GETAPP_CA_CERT) must be PEM text",
    ],
    [
      { "getapp:url": "https://g", "getapp:token": "t" },
      { GETAPP_INSECURE_SKIP_VERIFY: "1" },
      "getapp:insecureSkipVerify (or GETAPP_INSECURE_SKIP_VERIFY) must be true or false; the value given is neither (not shown)",
    ],
  ])("%j %j: %s", (values, env, message) => {
    expect(() => getappConnection(config(values), env)).toThrow(ConfigurationError);
    expect(() => getappConnection(config(values), env)).toThrow(message);
  });

  test("plain http:// warns that the device secret travels unencrypted", () => {
    const plain = getappConnection(config({ "getapp:url": "http://g", "getapp:deviceAuth": "d" }), {});
    expect(plain.warnings).toEqual([
      "getapp:url uses plain http://, so the device secret or token travels unencrypted to http://g:80: use https:// for anything but a local test server",
    ]);
  });

  test("switching TLS checks off warns once, and the PEM is kept", () => {
    const connection = getappConnection(
      config({ "getapp:url": "https://g:8080", "getapp:deviceAuth": "d", "getapp:insecureSkipVerify": "true", "getapp:caCert": PEM }),
      {},
    );
    expect(connection.endpoint.tls).toEqual({ caCert: PEM, insecureSkipVerify: true });
    expect(connection.warnings).toEqual([
      "TLS certificate checks are off for https://g:8080 (getapp:insecureSkipVerify is true): use it for test servers only",
    ]);
  });
});
