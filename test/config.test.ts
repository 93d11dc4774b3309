import { ConfigurationError, pleskConnection } from "../provider/config";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
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
    const { endpoint } = pleskConnection(config({ "plesk:url": "https://h", "plesk:login": "admin", "plesk:password": "p", "plesk:secretKey": "k" }), {});
    expect(endpoint.auth).toEqual({ kind: "secret-key", secretKey: "k" });
  });

  test.each([
    [{}, {}, "Missing Plesk URL: set plesk:url (pulumi config set plesk:url https://plesk.example.com:8443) or the PLESK_URL environment variable."],
    [{ "plesk:url": "https://h" }, {}, "Missing Plesk credentials: set plesk:login and plesk:password (pulumi config set --secret plesk:password), or plesk:secretKey; or the environment variables PLESK_LOGIN and PLESK_PASSWORD, or PLESK_SECRET_KEY."],
    [{ "plesk:url": "https://h", "plesk:login": "admin" }, {}, "plesk:login (or PLESK_LOGIN) is set but plesk:password (or PLESK_PASSWORD) is not"],
    [{ "plesk:url": "https://h" }, { PLESK_PASSWORD: "only-password" }, "plesk:password (or PLESK_PASSWORD) is set but plesk:login (or PLESK_LOGIN) is not"],
    [{ "plesk:url": "https://h", "plesk:secretKey": "k", "plesk:caCert": "/etc/ca.pem" }, {}, 'plesk:caCert (or PLESK_CA_CERT) must be PEM text starting with -----BEGIN CERTIFICATE-----; from a file: pulumi config set plesk:caCert -- "$(cat ca.pem)"'],
    [{ "plesk:url": "https://h", "plesk:secretKey": "k", "plesk:insecureSkipVerify": "yes" }, {}, 'plesk:insecureSkipVerify (or PLESK_INSECURE_SKIP_VERIFY) must be true or false, not "yes"'],
    [{ "plesk:url": "plesk.example.com", "plesk:secretKey": "k" }, {}, 'plesk:url (or PLESK_URL): "plesk.example.com" is not a URL; write it as https://host[:port]'],
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
    expect(insecure.warnings).toEqual(["TLS certificate checks are off for https://h:8443 (plesk:insecureSkipVerify is true): use it for test servers only"]);
  });
});
