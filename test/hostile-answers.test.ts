import type { ServerResponse } from "node:http";
import { downloadPackage, getDownloadStatus, getPackages, listServerPackages } from "../provider/plesk/aps";
import { PleskTransportError } from "../provider/plesk/errors";
import { closeAllConnections } from "../provider/http/pools";
import { clientOf } from "./helpers/plesk-setup";
import { answerXml, startScriptedServer, type ScriptedServer } from "./helpers/scripted-server";

/** Answers no Plesk would send fail fast, as PleskTransportError, without holding them in memory. */

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(closeAllConnections);

async function failureFrom(handler: Parameters<typeof startScriptedServer>[0], limits = {}): Promise<PleskTransportError> {
  server = await startScriptedServer(handler);
  const error = await listServerPackages(clientOf(server.url, limits)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PleskTransportError);
  return error as PleskTransportError;
}

test("an entity bomb is refused before any expansion", async () => {
  const lol = ['<!ENTITY a "lollollollollollollollollollol">'];
  for (let i = 1; i < 10; i++) lol.push(`<!ENTITY ${String.fromCharCode(97 + i)} "${`&${String.fromCharCode(96 + i)};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?><!DOCTYPE packet [${lol.join("")}]><packet><aps><get-packages-list><result><status>ok</status><package><name>&j;</name><id>1</id></package></result></get-packages-list></aps></packet>`;
  const error = await failureFrom(answerXml(bomb));
  expect(error).toMatchObject({ failure: "invalid-answer", operation: "get-packages-list" });
  expect(error.message).toMatch(/DOCTYPE/);
});

test("nesting 10,000 deep is refused", async () => {
  const deep = `<packet><aps><get-packages-list>${"<x>".repeat(10_000)}${"</x>".repeat(10_000)}</get-packages-list></aps></packet>`;
  const error = await failureFrom(answerXml(deep));
  expect(error).toMatchObject({ failure: "invalid-answer" });
  expect(error.message).toMatch(/nested/i);
});

test.each(["__proto__", "constructor", "prototype"])("an element named %s is refused and pollutes nothing", async (name) => {
  const hostile = `<packet><aps><get-packages-list><result><status>ok</status><${name}><polluted>yes</polluted></${name}></result></get-packages-list></aps></packet>`;
  const error = await failureFrom(answerXml(hostile));
  expect(error).toMatchObject({ failure: "invalid-answer" });
  expect(error.message).toContain(name);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test("a 100 MB body is cut off at the limit, not read", async () => {
  const chunk = Buffer.alloc(64 * 1024, "a");
  let written = 0;
  const error = await failureFrom(
    (_request, response) => {
      response.writeHead(200, { "content-type": "text/xml" }); // chunked: no length announced
      response.write("<packet><aps><get-packages-list><result><status>ok</status><package><name>");
      const pump = () => {
        while (written < 100 * 1024 * 1024) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end("</name></package></result></get-packages-list></aps></packet>");
      };
      pump();
    },
    { maxAnswerBytes: 1024 * 1024 },
  );
  expect(error).toMatchObject({ failure: "body-too-large" });
  expect(error.message).toContain("1048576-byte limit");
  expect(written).toBeLessThan(50 * 1024 * 1024);
});

test("a body announced larger than the limit is refused from its Content-Length", async () => {
  const error = await failureFrom(
    (_request, response) => {
      response.writeHead(200, { "content-type": "text/xml", "content-length": String(100 * 1024 * 1024) });
      response.write("<packet>");
    },
    { maxAnswerBytes: 1024 * 1024 },
  );
  expect(error).toMatchObject({ failure: "body-too-large" });
  expect(error.message).toMatch(/announces 104857600 bytes/);
});

test("an HTML error page says the URL is probably not the Plesk panel", async () => {
  const error = await failureFrom((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end("<html><body><h1>Welcome to nginx!</h1></body></html>");
  });
  expect(error).toMatchObject({ failure: "invalid-answer" });
  expect(error.message).toMatch(/content type "text\/html; charset=utf-8" instead of XML; check that the URL is the Plesk panel/);
});

test("HTML sent as XML is not a Plesk packet", async () => {
  const error = await failureFrom(answerXml("<html><body>Error</body></html>"));
  expect(error.message).toMatch(/not a Plesk packet \(root element: html\)/);
});

test("truncated XML is refused rather than read as a shorter list", async () => {
  const truncated = "<packet><aps><get-packages-list><result><status>ok</status><package><name>a</name><id>1</id></package>";
  const error = await failureFrom(answerXml(truncated));
  expect(error.message).toMatch(/not well-formed XML/);
});

test("an answer that never completes times out", async () => {
  const error = await failureFrom(
    (_request, response) => {
      response.writeHead(200, { "content-type": "text/xml" });
      response.write("<packet>");
    },
    { responseTimeoutMs: 200, maxAttempts: 1 },
  );
  expect(error).toMatchObject({ failure: "timeout" });
});

describe("bounds on what an answer may hold", () => {
  const list = (inner: string) =>
    `<packet><aps><get-packages-list><result><status>ok</status>${inner}</result></get-packages-list></aps></packet>`;
  const pkg = (name: string, id = "1") => `<package><name>${name}</name><id>${id}</id></package>`;

  test("400,000 tiny elements under the byte cap are refused before parsing", async () => {
    const error = await failureFrom(answerXml(list("<a/>".repeat(400_000))));
    expect(error).toMatchObject({ failure: "invalid-answer", operation: "get-packages-list" });
    expect(error.message).toContain("more than 300000 elements and character references");
  });

  test("character references count against the same cap", async () => {
    const error = await failureFrom(answerXml(list(pkg("&amp;".repeat(350_000)))));
    expect(error.message).toContain("more than 300000 elements and character references");
  });

  test("a 6 MB name is refused, so it can never reach the state", async () => {
    const error = await failureFrom(answerXml(list(pkg("W".repeat(6_000_000)))));
    expect(error.message).toContain("a text value is 6000000 characters long, more than the 16384-character limit");
  });

  test("a huge value hidden in CDATA is refused too", async () => {
    const error = await failureFrom(answerXml(list(pkg(`<![CDATA[${"W".repeat(100_000)}]]>`))));
    expect(error.message).toContain("more than the 16384-character limit");
  });

  test("the limits are the endpoint's: raised, the same answer is read", async () => {
    server = await startScriptedServer(answerXml(list(pkg("W".repeat(20_000)))));
    const packages = await listServerPackages(clientOf(server.url, { maxValueChars: 32 * 1024 }));
    expect(packages[0].name).toHaveLength(20_000);
  });
});

describe("encodings", () => {
  const answerBytes =
    (bytes: Buffer, contentType = "text/xml") =>
    (_request: unknown, response: ServerResponse) => {
      response.writeHead(200, { "content-type": contentType });
      response.end(bytes);
    };
  const ok = (name: Buffer) =>
    Buffer.concat([
      Buffer.from("<packet><aps><get-packages-list><result><status>ok</status><package><name>"),
      name,
      Buffer.from("</name><id>1</id></package></result></get-packages-list></aps></packet>"),
    ]);

  test("bytes that are not UTF-8 are refused, naming the operation, never read as replacement characters", async () => {
    const error = await failureFrom(answerBytes(ok(Buffer.from([0x57, 0xff, 0xfe, 0x50]))));
    expect(error).toMatchObject({ failure: "invalid-answer", operation: "get-packages-list" });
    expect(error.message).toBe("Plesk get-packages-list failed (invalid-answer): the answer is not valid UTF-8");
  });

  test("Latin-1 bytes under a UTF-8 declaration are refused", async () => {
    const error = await failureFrom(
      answerBytes(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>'), ok(Buffer.from("Caf\xe9", "latin1"))])),
    );
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  test("an answer declaring another encoding is refused, naming it", async () => {
    const error = await failureFrom(
      answerBytes(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>'), ok(Buffer.from("Cafe"))])),
    );
    expect(error.message).toMatch(/declares the encoding ISO-8859-1; only UTF-8 is read/);
  });

  test("a Content-Type naming another charset is refused, naming it", async () => {
    const error = await failureFrom(answerBytes(ok(Buffer.from("Cafe")), "text/xml; charset=windows-1251"));
    expect(error.message).toMatch(/the answer is in windows-1251; only UTF-8 is read/);
  });

  test("valid UTF-8 of every width reads as written", async () => {
    server = await startScriptedServer(answerBytes(ok(Buffer.from("Жук 𝄞 Café"))));
    expect((await listServerPackages(clientOf(server.url)))[0].name).toBe("Жук 𝄞 Café");
  });
});

describe("empty and cut-off answers", () => {
  test.each([
    ["an empty body", ""],
    ["only a declaration", '<?xml version="1.0" encoding="UTF-8"?>'],
    ["a packet cut inside a tag", "<packet><aps><get-packages-list><result><status>ok</sta"],
    ["a packet cut inside a value", "<packet><aps><get-packages-list><result><status>ok</status><package><name>Word"],
  ])("%s is an invalid answer", async (_what, text) => {
    const error = await failureFrom(answerXml(text));
    expect(error).toMatchObject({ failure: "invalid-answer", operation: "get-packages-list" });
  });

  test("a connection closed halfway through the body is a network failure, retried for a read", async () => {
    server = await startScriptedServer((request, response, number) => {
      response.writeHead(200, { "content-type": "text/xml", "content-length": "1000" });
      response.write("<packet><aps>");
      if (number < 3) return void request.socket.destroy();
      response.destroy();
    });
    const error = await listServerPackages(clientOf(server.url, { maxAttempts: 3 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ operation: "get-packages-list" });
    expect(server.requests).toBe(3);
  });
});

describe("answers about the wrong object", () => {
  const packageResult = (filterId: string, id: string) =>
    `<result><status>ok</status><filter-id>${filterId}</filter-id><package><name>Other</name><id>${id}</id></package></result>`;
  const packagesAnswer = (...results: string[]) =>
    answerXml(`<packet><aps><get-packages-list>${results.join("")}</get-packages-list></aps></packet>`);

  test("one id asked, a result about another: an error naming both, never the other package", async () => {
    server = await startScriptedServer(packagesAnswer(packageResult("99", "99")));
    const error = await getPackages(clientOf(server.url), ["12"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: "invalid-answer", operation: "get-packages-list" });
    expect((error as Error).message).toContain("a result for id 99, which was not asked for (asked for 12)");
  });

  test("a result whose filter-id is right but whose package is another is refused: the package's own id decides", async () => {
    server = await startScriptedServer(packagesAnswer(packageResult("12", "99")));
    const error = await getPackages(clientOf(server.url), ["12"]).catch((e: unknown) => e);
    expect((error as Error).message).toContain("a result for id 99, which was not asked for (asked for 12)");
  });

  test("a result naming two different ids of its own is refused", async () => {
    server = await startScriptedServer(
      answerXml(
        "<packet><aps><get-download-status><result><status>ok</status><filter-id>7</filter-id><id>7</id><task><id>8</id><finished><package-id>3</package-id></finished></task></result></get-download-status></aps></packet>",
      ),
    );
    const error = await getDownloadStatus(clientOf(server.url), ["7"]).catch((e: unknown) => e);
    expect((error as Error).message).toContain("a result names both id 7 and id 8");
  });

  test("two results about one id are refused", async () => {
    server = await startScriptedServer(packagesAnswer(packageResult("12", "12"), packageResult("12", "12")));
    const error = await getPackages(clientOf(server.url), ["12", "13"]).catch((e: unknown) => e);
    expect((error as Error).message).toContain("two results for id 12");
  });

  test("a task status about another task is refused", async () => {
    server = await startScriptedServer(
      answerXml(
        "<packet><aps><get-download-status><result><status>ok</status><filter-id>7</filter-id><id>8</id><task><id>8</id><finished><package-id>3</package-id></finished></task></result></get-download-status></aps></packet>",
      ),
    );
    const error = await getDownloadStatus(clientOf(server.url), ["7"]).catch((e: unknown) => e);
    expect((error as Error).message).toContain("a result for id 8, which was not asked for (asked for 7)");
  });

  test("a result naming no id at all is not taken for the one asked", async () => {
    server = await startScriptedServer(
      answerXml(
        "<packet><aps><get-download-status><result><status>ok</status><task><finished><package-id>3</package-id></finished></task></result></get-download-status></aps></packet>",
      ),
    );
    const error = await getDownloadStatus(clientOf(server.url), ["7"]).catch((e: unknown) => e);
    expect((error as Error).message).toContain("a result names no id");
  });
});

describe("retry rules", () => {
  const ok =
    "<packet><aps><get-download-status><result><status>ok</status><filter-id>7</filter-id><id>7</id><task><id>7</id><finished><package-id>3</package-id></finished></task></result></get-download-status></aps></packet>";

  test("a status poll is resent after connection resets, with backoff", async () => {
    server = await startScriptedServer((request, response, number) => {
      if (number <= 2) return void request.socket.destroy();
      answerXml(ok)(request, response);
    });
    const statuses = await getDownloadStatus(clientOf(server.url), ["7"]);
    expect(statuses.get("7")).toMatchObject({ state: "succeeded", packageId: "3" });
    expect(server.requests).toBe(3);
  });

  test("a status poll gives up after maxAttempts of 503", async () => {
    server = await startScriptedServer((_request, response) => {
      response.writeHead(503, { "content-type": "text/html" });
      response.end("busy");
    });
    const error = await getDownloadStatus(clientOf(server.url, { maxAttempts: 3 }), ["7"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: "http-status", httpStatus: 503 });
    expect(server.requests).toBe(3);
  });

  test("download-package is sent once: a reset after sending is not retried", async () => {
    server = await startScriptedServer((request) => request.socket.destroy());
    const error = await downloadPackage(clientOf(server.url), { package: { name: "WordPress" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: "network", operation: "download-package" });
    expect(server.requests).toBe(1);
  });

  test("download-package is sent once on a 502 too", async () => {
    server = await startScriptedServer((_request, response) => {
      response.writeHead(502);
      response.end();
    });
    const error = await downloadPackage(clientOf(server.url), { package: { name: "WordPress" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: "http-status", httpStatus: 502 });
    expect(server.requests).toBe(1);
  });

  test("a refused connection is a connect failure naming the address, after retries", async () => {
    server = await startScriptedServer(answerXml(ok));
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await downloadPackage(clientOf(url), { package: { name: "WordPress" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: "connect", networkCode: "ECONNREFUSED" });
    expect((error as Error).message).toContain(url);
  });
});
