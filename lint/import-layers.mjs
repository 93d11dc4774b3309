// An ESLint rule holding the source tree to its layers: each folder imports only from the layers
// listed for it, so imports point one way (docs/development.md, "Layout"). A file outside every layer is
// reported too, so a new folder gets a place in this table before it gets code.
import { existsSync, statSync } from "node:fs";
import path from "node:path";

/** The resources and everything below them: what the provider core stands on. */
const RESOURCES_AND_BELOW = [
  "provider/basics",
  "provider/plesk",
  "provider/getapp",
  "provider/resources/common",
  "provider/resources/aps-package",
  "provider/resources/extension",
  "provider/resources/prepared-delivery",
];
/** What either front door (the native plugin, the dynamic handlers) stands on: the provider core and what it stands on. */
const BELOW_FRONT_DOORS = [...RESOURCES_AND_BELOW, "provider/core"];

/** Each layer, and what it may import besides itself. */
export const LAYERS = {
  "provider/basics": [],
  "provider/http": ["provider/basics"],
  "provider/plesk": ["provider/basics", "provider/http"],
  "provider/getapp": ["provider/basics", "provider/http"],
  "provider/resources/common": ["provider/basics", "provider/http", "provider/plesk", "provider/getapp"],
  "provider/resources/aps-package": ["provider/basics", "provider/http", "provider/plesk", "provider/resources/common"],
  "provider/resources/extension": ["provider/basics", "provider/http", "provider/plesk", "provider/resources/common"],
  "provider/resources/prepared-delivery": ["provider/basics", "provider/http", "provider/getapp", "provider/resources/common"],
  // One core for every resource of a package: configure, check, diff, deadlines; the front doors translate.
  "provider/core": ["provider/http", ...RESOURCES_AND_BELOW],
  "provider/handlers": ["provider/http", ...BELOW_FRONT_DOORS],
  // The native plugin's front door: beside the handlers, never importing them.
  "provider/plugin": BELOW_FRONT_DOORS,
  "provider/program": [...BELOW_FRONT_DOORS, "provider/handlers"],
  "provider/index.ts": ["provider"],
  // An independent reference: it shares no code with the provider.
  sandbox: [],
  // Drives the built package and the sandbox for tests, bench and the demo.
  harness: ["provider", "sandbox"],
  test: ["provider", "sandbox", "harness", "lint"],
  bench: ["provider", "sandbox", "harness"],
  examples: ["provider", "sandbox", "harness"],
  lint: [],
  // Build and CI scripts: they read files (package.json, dist/), never the code.
  scripts: [],
  "eslint.config.mjs": ["lint"],
  "jest.config.js": [],
};

/**
 * Layers that must not know Pulumi: the API clients and what they stand on, the resources (the
 * front doors alone know Pulumi), and the sandbox.
 */
const WITHOUT_PULUMI = [...BELOW_FRONT_DOORS, "provider/http", "sandbox"];

const ROOT = path.resolve(import.meta.dirname, "..");

function layerOf(file) {
  const relative = path.relative(ROOT, file).split(path.sep).join("/");
  let best;
  for (const layer of Object.keys(LAYERS)) {
    if ((relative === layer || relative.startsWith(`${layer}/`)) && (!best || layer.length > best.length)) best = layer;
  }
  return { relative, layer: best };
}

/** The file an import names: `./x` may be `x.ts` or `x/index.ts`. */
function resolved(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  if (existsSync(base) && statSync(base).isDirectory()) return path.join(base, "index.ts");
  return base;
}

function allowed(from, to) {
  if (from === to) return true;
  return LAYERS[from].some((layer) => to === layer || to.startsWith(`${layer}/`));
}

const rule = {
  meta: {
    type: "problem",
    docs: { description: "Imports go only to the layers listed for the importing folder" },
    schema: [],
    messages: {
      upward:
        "{{from}} may not import {{target}} ({{to}}): layers import only downward, see docs/development.md, Layout, and lint/import-layers.mjs",
      pulumi: "{{from}} may not import @pulumi/pulumi: the API clients and the sandbox know nothing of Pulumi",
      homeless: "{{file}} is in no layer; give its folder a place in lint/import-layers.mjs",
    },
  },
  create(context) {
    const file = context.filename;
    const own = layerOf(file);
    if (own.relative.startsWith("..")) return {};
    if (!own.layer) {
      return { Program: (node) => context.report({ node, messageId: "homeless", data: { file: own.relative } }) };
    }
    const check = (node, specifier) => {
      if (typeof specifier !== "string") return;
      if (specifier === "@pulumi/pulumi" || specifier.startsWith("@pulumi/pulumi/")) {
        if (WITHOUT_PULUMI.includes(own.layer)) context.report({ node, messageId: "pulumi", data: { from: own.layer } });
        return;
      }
      if (!specifier.startsWith(".")) return;
      const target = layerOf(resolved(file, specifier));
      if (!target.layer || !allowed(own.layer, target.layer)) {
        context.report({ node, messageId: "upward", data: { from: own.layer, target: target.relative, to: target.layer ?? "no layer" } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
      CallExpression: (node) => {
        const [first] = node.arguments;
        if (node.callee.type === "Identifier" && node.callee.name === "require" && first?.type === "Literal") check(node, first.value);
      },
    };
  },
};

export default { rules: { "import-layers": rule } };
