// Syntax-level rules only: type-aware linting would re-run the type checker that
// `npm run typecheck` already runs, and double the time of `npm test`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "bin/**", "docs/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        // Plain Node scripts (the test runner) run outside TypeScript.
        files: ["**/*.mjs"],
        languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    },
    {
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            "no-restricted-syntax": [
                "error",
                {
                    selector: "CallExpression[callee.property.name='only']",
                    message: "Remove .only before committing; it silently skips the rest of the suite.",
                },
            ],
        },
    },
);
