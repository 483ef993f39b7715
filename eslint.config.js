import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// Import directions from docs/architecture.md: pure layers never reach the engine or the CLI.
const pureLayers = ["compose", "check", "plan", "report", "common"];
const restrictFor = (layer) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: ["**/engine/**", "dockerode"], message: `${layer}/ is pure: no engine imports.` },
          { group: ["**/cli/**"], message: "Only cli/ may import cli/." },
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
  ...pureLayers.map(restrictFor),
);
