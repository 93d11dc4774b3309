import js from "@eslint/js";
import tseslint from "typescript-eslint";
import layers from "./lint/import-layers.mjs";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "**/node_modules/", "coverage/", "sdk/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,mjs,js}"],
    languageOptions: {
      globals: { console: "readonly", process: "readonly", require: "readonly", module: "writable", __dirname: "readonly" },
    },
    plugins: { layers },
    rules: {
      "layers/import-layers": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // Reading a package's own version is what require() of its package.json is for.
      "@typescript-eslint/no-require-imports": ["error", { allow: ["/package\\.json$"] }],
    },
  },
);
