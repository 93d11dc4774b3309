import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";

/** Every fenced block of the README and the docs is checked as what it claims to be, so a copied one works. */
const ROOT = join(__dirname, "..");
const PAGES = ["README.md", ...readdirSync(join(ROOT, "docs")).map((page) => `docs/${page}`)];

interface Snippet {
  readonly page: string;
  readonly language: string;
  readonly code: string;
  readonly line: number;
}

function snippets(page: string): Snippet[] {
  const markdown = readFileSync(join(ROOT, page), "utf8");
  const found: Snippet[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    found.push({ page, language: match[1], code: match[2], line: markdown.slice(0, match.index).split("\n").length });
  }
  return found;
}

const all = PAGES.flatMap(snippets);
const of = (language: string) =>
  all.filter((snippet) => snippet.language === language).map((s) => [`${s.page} line ${s.line}`, s] as const);

test("every block says what it is", () => {
  expect(all.filter((snippet) => snippet.language === "").map((s) => `${s.page} line ${s.line}`)).toEqual([]);
  expect([...new Set(all.map((s) => s.language))].sort()).toEqual(["go", "json", "python", "sh", "text", "ts", "yaml"]);
});

test.each(of("yaml"))("%s: a Pulumi.yaml with a name and a runtime", (_line, snippet) => {
  expect(snippet.code).toMatch(/^name: \S+$/m);
  expect(snippet.code).toMatch(/^runtime: \S+$/m);
});

test.each(of("json"))("%s: JSON parses", (_line, snippet) => {
  expect(() => JSON.parse(snippet.code)).not.toThrow();
});

test.each(of("sh"))("%s: the shell parses it", (_line, snippet) => {
  expect(() => execFileSync("bash", ["-n"], { input: snippet.code, stdio: ["pipe", "pipe", "pipe"] })).not.toThrow();
});

test.each(of("go"))("%s: gofmt parses it, and it is formatted as gofmt writes it", (_line, snippet) => {
  expect(execFileSync("gofmt", [], { input: snippet.code, encoding: "utf8" })).toBe(snippet.code);
});

// TypeScript blocks are type-checked against this package's own sources, as users import them.
test("the TypeScript blocks compile against the package's types", () => {
  const blocks = of("ts").map(([, snippet]) => snippet);
  const files = new Map(blocks.map((snippet, i) => [join(ROOT, `readme-snippet-${i}.ts`), `${snippet.code}\nexport {};\n`]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    baseUrl: ROOT,
    paths: { "pulumi-plesk-aps": ["provider/index.ts"], "pulumi-plesk-aps/sandbox": ["sandbox/index.ts"] },
    resolveJsonModule: true,
    esModuleInterop: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile(name, language, ...rest) : ts.createSourceFile(name, text, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && files.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const index = Number(/readme-snippet-(\d+)/.exec(diagnostic.file!.fileName)![1]);
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${blocks[index].page} line ${blocks[index].line + 1 + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
  expect(problems).toEqual([]);
});
