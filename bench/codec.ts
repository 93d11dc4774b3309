import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { listServerPackages } from "../provider/plesk/aps";
import type { PleskClient } from "../provider/plesk/client";
import { DEFAULT_LIMITS } from "../provider/http/limits";
import { buildXml, readAnswer, type XmlInputElement } from "../provider/plesk/packet";

/**
 * Codec cost: our parse of a 10,000-package get-packages-list answer (validation, hardened
 * options, typed reading) and our build of it, each against bare fast-xml-parser with default
 * options on the same text, measured in the same run.
 */

const PACKAGES = 10_000;
const ROUNDS = 7;

function answerTree(): XmlInputElement {
  const packages = Array.from({ length: PACKAGES }, (_, i) => ({
    name: `App ${i} & Co`,
    version: `6.${i % 20}`,
    release: String(i % 7),
    vendor: "http://vendor.example/",
    packager: "http://plesk.com/",
    is_uploaded: "0",
    is_visible: "1",
    global_settings_not_set: "0",
    id: String(i + 1),
  }));
  return { packet: { "@_version": "1.6.9.1", aps: { "get-packages-list": { result: { status: "ok", package: packages } } } } };
}

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

function time(run: () => unknown): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export interface CodecFigures {
  readonly parseMs: number;
  readonly bareParseMs: number;
  readonly buildMs: number;
  readonly bareBuildMs: number;
}

export async function benchCodec(): Promise<CodecFigures> {
  const tree = answerTree();
  const text = buildXml(tree);
  const bareParser = new XMLParser();
  const bareBuilder = new XMLBuilder({ ignoreAttributes: false });
  const fromText: PleskClient = {
    where: "Plesk at the bench",
    send: async () => readAnswer(text, "aps", "get-packages-list", DEFAULT_LIMITS),
  };

  const ours: number[] = [];
  const bare: number[] = [];
  const oursBuild: number[] = [];
  const bareBuild: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    const listed = await listServerPackages(fromText);
    ours.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (listed.length !== PACKAGES) throw new Error(`read ${listed.length} packages`);
    bare.push(time(() => bareParser.parse(text)));
    oursBuild.push(time(() => buildXml(tree)));
    bareBuild.push(time(() => bareBuilder.build(tree)));
  }
  return { parseMs: median(ours), bareParseMs: median(bare), buildMs: median(oursBuild), bareBuildMs: median(bareBuild) };
}
