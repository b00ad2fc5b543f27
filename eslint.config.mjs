// ESLint for this repository (`npm run lint`, part of `npm test`). docs/development.md says why
// each limit is what it is. Formatting (line length included) is Prettier's: `npm run lint:format`.
import eslint from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

/** A function does one named step: long ones are split into steps, not exempted. */
const FUNCTION_LIMITS = {
  "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
  complexity: ["error", { max: 20 }],
  "max-depth": ["error", { max: 4 }],
};

export default defineConfig(
  {
    ignores: ["dist/**", "node_modules/**", "**/node_modules/**", ".pulumi-e2e/**", "tools/**"],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      ...FUNCTION_LIMITS,
      // `_`-prefixed names are deliberately unused (a parameter a signature needs, a skipped element).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // TypeScript's own CommonJS import (`import x = require("...")`) is how the provider shells are
      // loaded; a bare `require()` call is still an error unless a comment says why it is needed.
      "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
      // Pulumi resource classes declare their outputs by merging an interface of the same name into
      // the class (`export interface PackageVersion extends PackageVersionResourceOutputs {}`).
      "@typescript-eslint/no-unsafe-declaration-merging": "off",
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
    },
  },
  {
    // The serialized provider shells load their handlers with `require()` inside the closure, so that
    // the closure Pulumi serializes into state is a short require and never the handlers' code.
    files: ["provider/*-provider.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Plain CommonJS build and packing scripts.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // A test file is a list of cases in describe blocks that run long by nature: the function-length
    // limit does not apply there; the complexity and depth limits still do.
    files: ["tests/**/*.ts"],
    // Expected output is matched literally, table cells' spaces included (`/\|  \|/`).
    rules: { "max-lines-per-function": "off", "no-regex-spaces": "off" },
  },
);
