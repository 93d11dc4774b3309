import { readDeliveryStatus } from "../provider/getapp/delivery-api";

/** GetApp's status body (seed 004) read strictly: an answer of the wrong shape is never taken as a status. */

test("a full status reads into its typed form", () => {
  const status = readDeliveryStatus(
    {
      catalogId: "c",
      status: "done",
      progress: 100,
      size: 3,
      url: "https://files/a",
      artifacts: [{ catalogId: "c", id: 1, itemKey: "a", artifactType: "package", metaData: "{}", url: "https://files/a", size: 3, hash: { algorithm: "SHA256Hex", hash: "ab" }, signature: "s", isExecutable: true, arguments: "-q" }],
    },
    "preparedDelivery",
  );
  expect(status).toEqual({
    catalogId: "c",
    state: "done",
    progress: 100,
    size: 3,
    artifacts: [{ itemKey: "a", url: "https://files/a", size: 3, artifactType: "package", metaData: "{}", hash: { algorithm: "SHA256Hex", hash: "ab" }, signature: "s", isExecutable: true, arguments: "-q" }],
  });
});

test.each([
  [null, "the delivery status is not a JSON object"],
  [{ status: "done" }, "the delivery status has no catalogId"],
  [{ catalogId: "c", status: "finished" }, 'the delivery status has the unknown status "finished"'],
  [{ catalogId: "c", status: "done", artifacts: {} }, "the delivery status has artifacts that are not a list"],
  [{ catalogId: "c", status: "done", artifacts: [{ itemKey: "a" }] }, "the delivery status artifact 0 has no url"],
  [{ catalogId: "c", status: "done", artifacts: [{ itemKey: "a", url: "u", hash: { algorithm: "MD5", hash: "x" } }] }, 'the delivery status artifact 0 has the unknown hash algorithm "MD5"'],
])("%j is refused: %s", (answer, message) => {
  expect(() => readDeliveryStatus(answer, "preparedDelivery")).toThrow(`GetApp preparedDelivery failed (invalid-answer): ${message}`);
});

test("an error status keeps GetApp's code and message; a missing code reads as APP.unknown", () => {
  expect(readDeliveryStatus({ catalogId: "c", status: "error", error: { errorCode: "DELIVERY.notVerified", message: "bad" } }, "op").error).toEqual({ errorCode: "DELIVERY.notVerified", message: "bad" });
  expect(readDeliveryStatus({ catalogId: "c", status: "error", error: {} }, "op").error).toEqual({ errorCode: "APP.unknown", message: "GetApp gave no message" });
});
