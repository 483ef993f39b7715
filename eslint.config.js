import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import { layers } from "./eslint.layers.js";

// Layers that decide without acting: no engine, no dockerode.
const pureLayers = new Set(["compose", "check", "plan", "report", "common", "journal", "edge"]);

// Test code may reach up to drive a run (a test helper deploys a stack through runs/); production code may not.
const testFiles = ["**/*.test.ts", "**/test-*.ts", "**/testing/**"];

const restrictFor = ([layer, allowed]) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: testFiles,
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          ...Object.keys(layers)
            .filter((other) => other !== layer && !allowed.includes(other))
            .map((other) => ({ group: [`**/${other}/**`], message: `${layer}/ may import only ${allowed.join(", ") || "nothing of src/"} (docs/architecture.md).` })),
          ...(pureLayers.has(layer) ? [{ group: ["dockerode"], message: `${layer}/ is pure: no engine imports.` }] : []),
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**", "test/stacks/**", "coverage/**", ".berth/**", "src/**/*.validate.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "max-lines": ["warn", { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The e2e stacks' tiny Node apps are CommonJS scripts that run inside containers.
    files: ["e2e/stacks/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off", "no-redeclare": ["error", { builtinGlobals: false }] },
  },
  {
    // The dashboard's own script runs in the browser.
    files: ["src/server/public/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
  ...Object.entries(layers).map(restrictFor),
);
