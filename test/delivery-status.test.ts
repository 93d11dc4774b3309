import type { ServerResponse } from "node:http";
import { deleteCachedDeliveries, getPreparedDelivery, prepareDelivery, readDeliveryStatus } from "../provider/getapp/delivery-api";
import { getappEndpoint } from "../provider/getapp/endpoint";
import { closeAllConnections } from "../provider/http/pools";
import { startScriptedServer, type ScriptedServer } from "./helpers/scripted-server";

/** GetApp's status body (docs/protocol.md) read strictly: an answer of the wrong shape is never taken as a status. */

test("a full status reads into its typed form", () => {
  const status = readDeliveryStatus(
    {
      catalogId: "c",
      status: "done",
      progress: 100,
      size: 3,
      url: "https://files/a",
      artifacts: [
        {
          catalogId: "c",
          id: 1,
          itemKey: "a",
          artifactType: "package",
          metaData: "{}",
          url: "https://files/a",
          size: 3,
          hash: { algorithm: "SHA256Hex", hash: "ab" },
          signature: "s",
          isExecutable: true,
          arguments: "-q",
        },
      ],
    },
    "preparedDelivery",
  );
  expect(status).toEqual({
    catalogId: "c",
    state: "done",
    progress: 100,
    size: 3,
    artifacts: [
      {
        itemKey: "a",
        url: "https://files/a",
        size: 3,
        artifactType: "package",
        metaData: "{}",
        hash: { algorithm: "SHA256Hex", hash: "ab" },
        signature: "s",
        isExecutable: true,
        arguments: "-q",
      },
    ],
  });
});

test.each([
  [null, "the delivery status is not a JSON object"],
  [{ status: "done" }, "the delivery status has no catalogId"],
  [{ catalogId: "c", status: "finished" }, 'the delivery status has the unknown status "finished"'],
  [{ catalogId: "c", status: "done", artifacts: {} }, "the delivery status has artifacts that are not a list"],
  [{ catalogId: "c", status: "done", artifacts: [{ itemKey: "a" }] }, "the delivery status artifact 0 has no url"],
  [
    { catalogId: "c", status: "done", artifacts: [{ itemKey: "a", url: "u", hash: { algorithm: "MD5", hash: "x" } }] },
    'the delivery status artifact 0 has the unknown hash algorithm "MD5"',
  ],
])("%j is refused: %s", (answer, message) => {
  expect(() => readDeliveryStatus(answer, "preparedDelivery")).toThrow(`GetApp preparedDelivery failed (invalid-answer): ${message}`);
});

test("an error status keeps GetApp's code and message; a missing code reads as APP.unknown", () => {
  expect(
    readDeliveryStatus({ catalogId: "c", status: "error", error: { errorCode: "DELIVERY.notVerified", message: "bad" } }, "op").error,
  ).toEqual({ errorCode: "DELIVERY.notVerified", message: "bad" });
  expect(readDeliveryStatus({ catalogId: "c", status: "error", error: {} }, "op").error).toEqual({
    errorCode: "APP.unknown",
    message: "GetApp gave no message",
  });
});

describe("over HTTP", () => {
  let server: ScriptedServer;
  afterEach(async () => {
    await server.close();
    await closeAllConnections();
  });
  const endpoint = () =>
    getappEndpoint({ url: server.url, auth: { kind: "bearer", token: "t" }, limits: { retryBaseDelayMs: 1, retryMaxDelayMs: 2 } });

  test("an eviction answered with no body succeeds; a status answered with HTML is refused; a 503 on a status is retried", async () => {
    server = await startScriptedServer((request, response, n) => {
      if (request.method === "DELETE") return void response.writeHead(204).end();
      if (n === 2) return void response.writeHead(503, { "content-type": "application/json" }).end('{"message":"busy"}');
      response.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
    });
    await expect(deleteCachedDeliveries(endpoint(), ["c"])).resolves.toBeUndefined();
    await expect(getPreparedDelivery(endpoint(), "c")).rejects.toThrow(
      /GetApp preparedDelivery failed \(invalid-answer\): http:\/\/127\.0\.0\.1:\d+ answered HTTP 200 with something other than JSON/,
    );
    expect(server.requests).toBe(3);
  });

  test("prepareDelivery is not resent after a 503: it may have started work", async () => {
    server = await startScriptedServer((_request, response) =>
      response.writeHead(503, { "content-type": "application/json" }).end('{"errorCode":"APP.unknown","message":"busy"}'),
    );
    await expect(prepareDelivery(endpoint(), { catalogId: "c", deviceId: "d", itemType: "map" })).rejects.toThrow(
      "GetApp prepareDelivery failed with HTTP 503 APP.unknown: busy",
    );
    expect(server.requests).toBe(1);
  });

  const answerJson = (body: string | Buffer) => (_request: unknown, response: ServerResponse) =>
    void response.writeHead(200, { "content-type": "application/json" }).end(body);

  test("a status about another catalog id is refused, naming both", async () => {
    server = await startScriptedServer(
      answerJson(JSON.stringify({ catalogId: "someone-else", status: "done", progress: 100, artifacts: [] })),
    );
    await expect(getPreparedDelivery(endpoint(), "mine")).rejects.toThrow(
      'the status is about catalog id "someone-else", but "mine" was asked for; it is not used',
    );
    await expect(prepareDelivery(endpoint(), { catalogId: "mine", deviceId: "d", itemType: "map" })).rejects.toThrow(
      'about catalog id "someone-else"',
    );
  });

  test("3 million empty objects under the byte cap are refused before JSON.parse builds them", async () => {
    server = await startScriptedServer(answerJson(`{"catalogId":"c","status":"done","artifacts":[${"{},".repeat(3_000_000)}{}]}`));
    await expect(getPreparedDelivery(endpoint(), "c")).rejects.toThrow(
      "GetApp preparedDelivery failed (invalid-answer): the answer holds more than 300000 values; refused",
    );
  });

  test("a 1 MB string is refused, so it never reaches the state", async () => {
    server = await startScriptedServer(
      answerJson(
        JSON.stringify({ catalogId: "c", status: "done", artifacts: [{ itemKey: "a", url: "u", metaData: "m".repeat(1_000_000) }] }),
      ),
    );
    await expect(getPreparedDelivery(endpoint(), "c")).rejects.toThrow(
      "a string is 1000000 characters long, more than the 16384-character limit",
    );
  });

  test("an answer that is not UTF-8 is refused", async () => {
    server = await startScriptedServer(
      answerJson(Buffer.concat([Buffer.from('{"catalogId":"c'), Buffer.from([0xc0, 0xaf]), Buffer.from('","status":"done"}')])),
    );
    await expect(getPreparedDelivery(endpoint(), "c")).rejects.toThrow(
      "GetApp preparedDelivery failed (invalid-answer): the answer is not valid UTF-8",
    );
  });
});
