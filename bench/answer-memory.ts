import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ProviderHost } from "../harness/provider-host";
import { DEFAULT_LIMITS } from "../provider/http/limits";
import { peakMemoryMb, urnFor, withProvider, type Implementation } from "./bench-setup";

/**
 * The provider host's peak memory while it handles one large answer: a create whose adoption
 * search gets the whole server list as `body`, against the same create given a one-package list
 * in a host of its own (the reference). The list ends with the package asked for, so the create
 * adopts it and nothing else happens.
 */
export interface AnswerShape {
  readonly label: string;
  readonly body: string;
}

const WANTED = { name: "WordPress", version: "6.4", release: "2" };

/** About 400 bytes, as a catalog package listed by Plesk is. */
function packageXml(name: string, id: number): string {
  return (
    `<package><name>${name}</name><version>1.${id % 50}.3</version><release>${id % 7}</release><vendor>https://www.vendor-${id % 300}.example.com/</vendor>` +
    `<packager>http://plesk.com/</packager><is_uploaded>0</is_uploaded><is_visible>1</is_visible>` +
    `<description>Application ${id}: content management, forums and shops for hosting customers</description>` +
    `<global_settings_not_set>0</global_settings_not_set><id>${id}</id></package>`
  );
}

const WANTED_XML =
  `<package><name>WordPress</name><version>6.4</version><release>2</release><vendor>http://wordpress.org/</vendor>` +
  `<packager>http://plesk.com/</packager><is_uploaded>0</is_uploaded><is_visible>1</is_visible><global_settings_not_set>0</global_settings_not_set><id>999999</id></package>`;

function listAnswer(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><packet version="1.6.9.1"><aps><get-packages-list><result><status>ok</status>${inner}${WANTED_XML}</result></get-packages-list></aps></packet>`;
}

/** `count` entries at most, stopping before the answer would pass `bytes` or the element cap. */
function packages(bytes: number, entry: (i: number) => string, count = Number.POSITIVE_INFINITY): string {
  const parts: string[] = [];
  let size = 400;
  let nodes = 20;
  for (let i = 1; i <= count; i++) {
    const next = entry(i);
    const elements = next.split("<").length - 1 - (next.match(/<\//g)?.length ?? 0);
    if (size + next.length > bytes || nodes + elements > DEFAULT_LIMITS.maxAnswerNodes) break;
    parts.push(next);
    size += next.length;
    nodes += elements;
  }
  return parts.join("");
}

export function answerShapes(): AnswerShape[] {
  const cap = DEFAULT_LIMITS.maxAnswerBytes;
  return [
    { label: "a one-package list (reference)", body: listAnswer("") },
    { label: "a 20,000-package list", body: listAnswer(packages(cap, (i) => packageXml(`Application ${i}`, i), 20_000)) },
    { label: "the largest list accepted (byte or element cap)", body: listAnswer(packages(cap, (i) => packageXml(`Application ${i}`, i))) },
    { label: "elements to the cap, tiny", body: listAnswer(packages(cap, () => "<a/>")) },
    {
      label: "values at the 16 K cap",
      body: listAnswer(packages(cap, (i) => packageXml("N".repeat(DEFAULT_LIMITS.maxValueChars - 10), i))),
    },
  ];
}

/**
 * A download's status polls, each answered with a valid status padded to the element cap: the
 * create polls until its 3 s deadline, parsing the largest accepted answer each time.
 */
export function pollingShape(): AnswerShape {
  const padding = packages(DEFAULT_LIMITS.maxAnswerBytes, () => "<a/>");
  return {
    label: "status polls, each answer at the element cap",
    body:
      '<?xml version="1.0" encoding="UTF-8"?><packet version="1.6.9.1"><aps><get-download-status><result><status>ok</status><filter-id>5</filter-id><id>5</id>' +
      `<task><id>5</id><in-progress><total>1000</total><completed>1</completed><current/></in-progress></task>${padding}</result></get-download-status></aps></packet>`,
  };
}

/** Peak resident memory of a fresh host that handled one create against `shape`. */
export async function hostPeakWithAnswer(
  implementation: Implementation,
  shape: AnswerShape,
): Promise<{ peakMb: number; answerMb: number; answers: number }> {
  const body = Buffer.from(shape.body);
  const polling = shape.body.includes("<get-download-status>");
  let answers = 0;
  const plesk = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/xml" });
      const answer = (xml: string) =>
        response.end(`<?xml version="1.0" encoding="UTF-8"?><packet version="1.6.9.1"><aps>${xml}</aps></packet>`);
      if (polling && text.includes("<task-id>")) {
        answers++;
        response.end(body);
      } else if (polling && text.includes("<download-package>"))
        answer("<download-package><result><status>ok</status><task-id>5</task-id></result></download-package>");
      else if (polling)
        answer(
          text.includes("<get-packages-list>")
            ? "<get-packages-list><result><status>ok</status></result></get-packages-list>"
            : "<get-download-status><result><status>ok</status></result></get-download-status>",
        );
      // A create reads the package it found by its id before adopting it: Plesk answers that with the one package.
      else if (text.includes("<package-id>")) response.end(listAnswer(""));
      else if (text.includes("<get-packages-list>")) {
        answers++;
        response.end(body);
      } else answer("<get-download-status><result><status>ok</status></result></get-download-status>");
    });
  });
  await new Promise<void>((resolve) => plesk.listen(0, "127.0.0.1", resolve));
  const host = await ProviderHost.start({ projectDir: implementation.projectDir });
  try {
    const { port } = plesk.address() as AddressInfo;
    await host.configure({ "plesk:url": `http://127.0.0.1:${port}`, "plesk:login": "admin", "plesk:password": "bench" });
    const urn = urnFor(implementation, "wp");
    await host.check(urn, {}, withProvider(implementation, WANTED));
    const creating = host.create(urn, withProvider(implementation, { ...WANTED, downloadTimeoutSeconds: polling ? 3 : 3600 }));
    if (polling)
      await creating.catch(() => undefined); // ends at its deadline, still downloading
    else if ((await creating).id !== "999999") throw new Error("expected the listed package to be adopted");
    return { peakMb: peakMemoryMb(host.pid), answerMb: body.length / 1024 / 1024, answers };
  } finally {
    await host.close();
    plesk.closeAllConnections();
    await new Promise((resolve) => plesk.close(resolve));
  }
}
