// Syntax-level rules only: type-aware linting would re-run the type checker that
// `npm run typecheck` already runs, and double the time of `npm test`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layers of docs/architecture.md, lowest first: a file may import its own folder and the
// folders listed before it (components and analysis are siblings: neither imports the other).
// `tests/` may import anything; `index.ts` (the program) anything but the tooling.
const LAYERS = [
    ["lib", []],
    ["config", ["lib"]],
    ["labs", ["lib", "config"]],
    ["components", ["lib", "config", "labs"]],
    ["analysis", ["lib", "config", "labs"]],
    ["policy", ["lib", "config", "labs", "analysis"]],
    ["offline", ["lib", "config", "labs", "components", "analysis", "policy"]],
    ["classroom", ["lib", "config", "labs", "components", "analysis", "policy", "offline"]],
    ["tools", ["lib", "config", "labs", "components", "analysis", "policy", "offline", "classroom"]],
];
const FOLDERS = LAYERS.map(([folder]) => folder);

/** How deep the project's files sit: a file at depth d reaches a top-level folder as "../" d times. */
const MAX_DEPTH = 6;

/**
 * `no-restricted-imports` blocks refusing every project folder `folder` may not import. The
 * pattern is written per depth, so `./labs/registry` inside components/ (components/labs/) is
 * not taken for the top-level labs/ that `../labs/labCheck` names.
 */
function layerRule(folder, allowed, why) {
    const refused = FOLDERS.filter((other) => other !== folder && !allowed.includes(other));
    const rule = folder === "index.ts" ? `index.ts may import only ${allowed.map((f) => `${f}/`).join(", ")}` : `${folder}/ may import only ${[...allowed.map((f) => `${f}/`), "itself"].join(", ")}`;
    const depths = folder === "index.ts" ? [0] : Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);
    return depths.map((depth) => ({
        files: [folder === "index.ts" ? "index.ts" : `${folder}/${"*/".repeat(depth - 1)}*.ts`],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: `^${depth === 0 ? "\\./" : `(\\.\\./){${depth}}`}(${refused.join("|")})(/|$)`,
                            message: `Layer rule (docs/architecture.md): ${rule}${why ? `; ${why}` : ""}.`,
                        },
                    ],
                },
            ],
        },
    }));
}

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
    ...LAYERS.filter(([folder]) => folder !== "tools").flatMap(([folder, allowed]) => layerRule(folder, allowed)),
    // What `pulumi up` runs never loads the tooling; tooling the program needs comes through a port (config/load.ts LoadPorts).
    ...layerRule("index.ts", ["lib", "config", "labs", "components", "analysis", "policy"], "the program never loads offline/, classroom/ or tools/"),
);
