import { AGENT_PATH } from "../provider/plesk/endpoint";
import { startSandbox, type Sandbox } from "../sandbox";
import { httpRequest, openRaw, rawExchange, readAnswer } from "./helpers/raw-http";

/**
 * The sandbox against requests no client of ours would send, over a raw TCP connection: every
 * one ends in an answer, none ends the process, and a good request is answered after each.
 */

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ http: true, manualClock: true, maxRequestBytes: 1024 * 1024 });
});
afterEach(() => sandbox.close());

function pleskHeaders(): Record<string, string> {
  return { "Content-Type": "text/xml", HTTP_AUTH_LOGIN: sandbox.credentials.login, HTTP_AUTH_PASSWD: sandbox.credentials.password };
}

const LIST_PACKET = '<?xml version="1.0" encoding="UTF-8"?><packet><aps><get-packages-list><filter/></get-packages-list></aps></packet>';

/** A good packet still gets a good answer. */
async function expectStillAnswering(): Promise<void> {
  const answer = await rawExchange(sandbox, httpRequest("POST", AGENT_PATH, pleskHeaders(), LIST_PACKET));
  expect(answer.status).toBe(200);
  expect(answer.body).toContain("<status>ok</status>");
}

describe("malformed request targets", () => {
  test.each([
    ["a malformed escape in an artifact path", "GET", "/__sandbox/artifacts/%E0%A4%A/software"],
    ["a cut-off escape in an artifact item key", "GET", "/__sandbox/artifacts/cat-1/%"],
    ["a malformed escape in a delivery id", "GET", "/api/v1/delivery/preparedDelivery/%zz"],
    ["a cut-off escape in a delivery id", "GET", "/api/v2/delivery/preparedDelivery/%E0%A4%A"],
  ])("%s is answered 400", async (_what, method, target) => {
    const answer = await rawExchange(sandbox, httpRequest(method, target, { "Device-Auth": sandbox.credentials.deviceAuth }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/malformed percent-escape/);
    await expectStillAnswering();
  });

  test.each([
    ["an absolute-form target new URL() cannot read", "http://[::1/x"],
    ["an escape after the agent path", `${AGENT_PATH}%`],
    ["a NUL escape", "/%00"],
    ["a protocol-relative target", "//evil.example/x"],
    ["an asterisk", "*"],
  ])("%s is answered, not fatal", async (_what, target) => {
    const answer = await rawExchange(sandbox, httpRequest("POST", target, pleskHeaders(), LIST_PACKET));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    await expectStillAnswering();
  });
});

describe("malformed headers", () => {
  test.each([
    ["a non-numeric Content-Length", `POST ${AGENT_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n`],
    ["two different Content-Lengths", `POST ${AGENT_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd`],
    ["a header line without a colon", `POST ${AGENT_PATH} HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n`],
    ["a control character in a header value", `POST ${AGENT_PATH} HTTP/1.1\r\nHost: x\r\nHTTP_AUTH_LOGIN: ad\x01min\r\n\r\n`],
    ["a malformed chunk size", `POST ${AGENT_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`],
    ["64 KiB of headers", `GET /__sandbox/stats HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`],
  ])("%s is refused with a 4xx", async (_what, request) => {
    const answer = await rawExchange(sandbox, request);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    await expectStillAnswering();
  });

  test("two KEY headers are a failed key check, not a crash", async () => {
    const request = `POST ${AGENT_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nKEY: a\r\nKEY: b\r\nContent-Length: ${LIST_PACKET.length}\r\n\r\n${LIST_PACKET}`;
    const answer = await rawExchange(sandbox, request);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<errcode>11003</errcode>");
    await expectStillAnswering();
  });

  test("a GetApp call with a Device-Auth list and a malformed bearer is 401", async () => {
    const request = `GET /api/v1/delivery/preparedDelivery/x HTTP/1.1\r\nHost: x\r\nDevice-Auth: a\r\nAuthorization: Bearer\r\n\r\n`;
    const answer = await rawExchange(sandbox, request);
    expect(answer.status).toBe(401);
    await expectStillAnswering();
  });
});

describe("oversized, trickling and abandoned bodies", () => {
  test("a Plesk packet over the cap is answered 413 and its connection closed", async () => {
    const answer = await rawExchange(sandbox, httpRequest("POST", AGENT_PATH, pleskHeaders(), Buffer.alloc(1024 * 1024 + 1, "a")));
    expect(answer.status).toBe(413);
    expect(answer.head).toMatch(/\r\nconnection: close/i);
    await expectStillAnswering();
  });

  test("a GetApp body over the cap is answered 413 as JSON", async () => {
    const body = JSON.stringify({ catalogId: "x".repeat(1024 * 1024), deviceId: "d", itemType: "software" });
    const headers = { "Device-Auth": sandbox.credentials.deviceAuth, "Content-Type": "application/json" };
    const answer = await rawExchange(sandbox, httpRequest("POST", "/api/v1/delivery/prepareDelivery", headers, body));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 413 });
    await expectStillAnswering();
  });

  test("a body trickling in does not hold up other requests", async () => {
    const trickle = await openRaw(sandbox);
    try {
      const full = httpRequest("POST", AGENT_PATH, pleskHeaders(), LIST_PACKET);
      trickle.write(full.subarray(0, full.length - 20));
      await expectStillAnswering();
      await expectStillAnswering();
      const answered = readAnswer(trickle);
      trickle.write(full.subarray(full.length - 20));
      expect((await answered).status).toBe(200);
    } finally {
      trickle.destroy();
    }
  });

  test("a client that goes away halfway through its body leaves the server answering", async () => {
    for (let i = 0; i < 5; i++) {
      const socket = await openRaw(sandbox);
      const full = httpRequest("POST", AGENT_PATH, pleskHeaders(), LIST_PACKET);
      await new Promise<void>((resolve) => socket.write(full.subarray(0, full.length / 2), () => resolve()));
      socket.destroy();
    }
    await expectStillAnswering();
    expect(sandbox.counts().operationsByName["get-packages-list"]).toBe(1);
  });
});

describe("wrong and mixed encodings", () => {
  test("a packet that is not valid UTF-8 is refused as Plesk refuses it (1014)", async () => {
    const body = Buffer.concat([
      Buffer.from("<packet><aps><download-package><package><name>"),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from("</name></package></download-package></aps></packet>"),
    ]);
    const answer = await rawExchange(sandbox, httpRequest("POST", AGENT_PATH, pleskHeaders(), body));
    expect(answer.body).toContain("<errcode>1014</errcode>");
    expect(answer.body).toContain("Input is not proper UTF-8");
    expect(sandbox.counts().operationsByName["download-package"]).toBeUndefined();
    await expectStillAnswering();
  });

  test("a UTF-16 packet is refused, not read as garbage", async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LIST_PACKET, "utf16le")]);
    const answer = await rawExchange(sandbox, httpRequest("POST", AGENT_PATH, pleskHeaders(), body));
    expect(answer.body).toContain("<errcode>1014</errcode>");
    await expectStillAnswering();
  });

  test("a packet declaring an encoding the sandbox does not read is refused naming it", async () => {
    const body = LIST_PACKET.replace("UTF-8", "ISO-8859-5");
    const answer = await rawExchange(sandbox, httpRequest("POST", AGENT_PATH, pleskHeaders(), body));
    expect(answer.body).toContain("<errcode>1014</errcode>");
    expect(answer.body).toContain("Unsupported encoding ISO-8859-5");
    await expectStillAnswering();
  });

  test("a GetApp body that is not UTF-8 is a 400", async () => {
    const body = Buffer.concat([
      Buffer.from('{"catalogId":"'),
      Buffer.from([0xe0, 0x80]),
      Buffer.from('","deviceId":"d","itemType":"software"}'),
    ]);
    const headers = { "Device-Auth": sandbox.credentials.deviceAuth, "Content-Type": "application/json" };
    const answer = await rawExchange(sandbox, httpRequest("POST", "/api/v1/delivery/prepareDelivery", headers, body));
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("not UTF-8");
    await expectStillAnswering();
  });
});

describe("large requests", () => {
  // Error line numbers were once looked up per element from the start of the text: a 1 MiB
  // packet of short lines took minutes. Ten of them must all be answered within the test's time.
  test("ten 1 MiB packets of short lines are each answered, naming the right line", async () => {
    const lines = ["<packet>", "<aps>", "<get-download-status>", "<filter>"];
    const line = "<task-id>7</task-id>";
    while ((lines.length + 1) * (line.length + 1) < 1024 * 1024 - 200) lines.push(line);
    lines.push("<task-id>seven</task-id>", "</filter>", "</get-download-status>", "</aps>", "</packet>");
    const body = lines.join("\n");
    for (let i = 0; i < 10; i++) {
      const answer = await rawExchange(sandbox, httpRequest("POST", AGENT_PATH, pleskHeaders(), body));
      expect(answer.body).toContain(
        `Error in line ${lines.length - 4}: Element &apos;task-id&apos;: &apos;seven&apos; is not a valid value`,
      );
    }
    expect(sandbox.counts().systemErrors["1014"]).toBe(10);
    await expectStillAnswering();
  });
});
