import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ERROR_CODES } from "../../provider/basics/errors";
import { REPO_ROOT } from "../../harness/paths";

const CODES = Object.keys(ERROR_CODES);

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourcesUnder(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

test("every code follows one scheme, AREA_WHAT", () => {
  for (const code of CODES) expect(code).toMatch(/^(PLESK|GETAPP|CONFIG|PACKAGE|EXTENSION|DELIVERY|RESOURCE)_[A-Z]+(_[A-Z]+)*$/);
});

test("docs/errors.md lists exactly the codes of the catalogue", () => {
  const documented = [...readFileSync(join(REPO_ROOT, "docs", "errors.md"), "utf8").matchAll(/^\| `([A-Z_]+)` \|/gm)].map(
    (match) => match[1],
  );
  expect(documented).toEqual(CODES);
});

/** Plain Errors that never reach a caller as they are, and why. */
const PLAIN_ERRORS_ALLOWED: Readonly<Record<string, string>> = {
  // The parser's callback: parsePacket wraps whatever it throws into a PLESK_TRANSPORT_ERROR.
  [join("plesk", "packet.ts")]: 'throw new Error(`element name "${name}" is not allowed`)',
  // Text stored in states as it is; changing it would change what older states hold.
  [join("handlers", "pending-provider.ts")]: 'throw new Error("this resource is not ready yet',
};

test("every code in the catalogue is thrown somewhere, and nothing throws a plain Error", () => {
  const files = sourcesUnder(join(REPO_ROOT, "provider")).filter((file) => !file.endsWith(join("basics", "errors.ts")));
  const code = files.map((file) => readFileSync(file, "utf8")).join("\n");
  for (const each of CODES) expect({ code: each, used: code.includes(`"${each}"`) }).toEqual({ code: each, used: true });

  const plain = files.flatMap((file) => {
    const allowed = Object.entries(PLAIN_ERRORS_ALLOWED).find(([ending]) => file.endsWith(ending))?.[1];
    const text = readFileSync(file, "utf8");
    return (text.match(/new Error\(.{0,30}/g) ?? []).filter((found) => !allowed?.includes(found)).map((found) => `${file}: ${found}`);
  });
  expect(plain).toEqual([]);
});
