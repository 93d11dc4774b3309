import { normalisePleskUrl, pleskEndpoint } from "../provider/plesk/endpoint";
import { PleskSettingsError } from "../provider/plesk/errors";

describe("Plesk URL", () => {
  test.each([
    ["https://plesk.example.com", "https://plesk.example.com:8443", "/enterprise/control/agent.php"],
    ["https://plesk.example.com/", "https://plesk.example.com:8443", "/enterprise/control/agent.php"],
    ["https://plesk.example.com:443", "https://plesk.example.com:443", "/enterprise/control/agent.php"],
    ["http://plesk.example.com", "http://plesk.example.com:8880", "/enterprise/control/agent.php"],
    ["https://10.0.0.5:9443/enterprise/control/agent.php", "https://10.0.0.5:9443", "/enterprise/control/agent.php"],
    ["https://proxy.example.com/plesk/", "https://proxy.example.com:8443", "/plesk/enterprise/control/agent.php"],
    ["https://[::1]:8443", "https://[::1]:8443", "/enterprise/control/agent.php"],
    ["  https://PLESK.example.com  ", "https://plesk.example.com:8443", "/enterprise/control/agent.php"],
  ])("%s", (url, origin, path) => {
    expect(normalisePleskUrl(url)).toEqual({ origin, path });
  });

  test.each([
    ["plesk.example.com", /not a URL .*; write it as https:\/\/host\[:port\]/],
    ["ftp://plesk.example.com", /must start with https:\/\//],
    ["https://admin:Xy9-pw@plesk.example.com", /must not hold credentials/],
    ["admin:Xy9-pw@plesk.example.com", /must start with https:\/\//],
    ["https://admin:Xy9-pw@plesk example.com", /is not a URL \(the value is not shown/],
    ["https://admin:Xy9-pw", /is not a URL \(the value is not shown/],
    ["https://admin:Xy9-pw@", /is not a URL \(the value is not shown/],
    ["https://plesk.example.com/?a=1", /must not have a query/],
  ])("%s is refused with the fix", (url, message) => {
    const error = (() => {
      try {
        normalisePleskUrl(url);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PleskSettingsError);
    expect(error).toMatchObject({ code: "PLESK_SETTINGS_ERROR", field: "url" });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("Xy9-pw");
  });
});

describe("endpoint", () => {
  test("empty credentials are refused before anything is sent", () => {
    expect(() => pleskEndpoint({ url: "https://h", auth: { kind: "login", login: " ", password: "p" } })).toThrow(
      "Plesk setting login: is empty",
    );
    expect(() => pleskEndpoint({ url: "https://h", auth: { kind: "login", login: "admin", password: "" } })).toThrow(
      "Plesk setting password: is empty",
    );
    expect(() => pleskEndpoint({ url: "https://h", auth: { kind: "secret-key", secretKey: "" } })).toThrow(
      "Plesk setting secretKey: is empty",
    );
  });

  test("limits default and can be overridden one by one", () => {
    const endpoint = pleskEndpoint({ url: "https://h", auth: { kind: "secret-key", secretKey: "k" }, limits: { maxAttempts: 2 } });
    expect(endpoint.limits).toMatchObject({
      maxAttempts: 2,
      connectTimeoutMs: 10_000,
      maxAnswerBytes: 10 * 1024 * 1024,
      maxAnswerNodes: 300_000,
      maxValueChars: 16 * 1024,
    });
  });
});
