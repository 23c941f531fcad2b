import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ESLint } from "eslint";
import { dirname, join, relative, sep } from "path";
import { importCycles, importGraph, LAYER_FOLDERS, PROJECT_ROOT } from "./importGraph";

const TOOLING = ["offline", "classroom", "tools"];

function isProjectFile(path: string): boolean {
    return path.startsWith(PROJECT_ROOT + sep) && !path.includes(`${sep}node_modules${sep}`);
}

/** The project files `require("index.ts")` loads, on a module cache emptied of project files and restored afterwards. */
function filesTheProgramLoads(): string[] {
    const saved = Object.entries(require.cache).filter(([path]) => isProjectFile(path));
    for (const [path] of saved) {
        delete require.cache[path];
    }
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the program afresh is what is measured
        require(join(PROJECT_ROOT, "index.ts"));
        return Object.keys(require.cache)
            .filter(isProjectFile)
            .map((path) => relative(PROJECT_ROOT, path))
            .sort();
    } finally {
        for (const path of Object.keys(require.cache).filter(isProjectFile)) {
            delete require.cache[path];
        }
        Object.assign(require.cache, Object.fromEntries(saved));
    }
}

describe("layers (docs/architecture.md)", () => {
    it("the program (index.ts under Pulumi mocks) loads nothing from offline/, classroom/ or tools/", () => {
        pulumi.runtime.setMocks(
            { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
            "vpc-labs",
            "lab",
            false,
        );
        const loaded = filesTheProgramLoads();
        // It does load the program's own layers: a cache that saw nothing would prove nothing.
        assert.ok(loaded.includes("index.ts") && loaded.includes("config/load.ts") && loaded.includes("components/labs/buildStack.ts"), loaded.join("\n"));
        assert.deepStrictEqual(
            loaded.filter((file) => TOOLING.includes(file.split("/")[0])),
            [],
        );
    });

    it("no import cycle joins files of different folders", () => {
        const graph = importGraph();
        assert.ok(graph.size > 150, `only ${graph.size} files found`);
        const across = importCycles(graph).filter((cycle) => new Set(cycle.map((file) => dirname(file))).size > 1);
        assert.deepStrictEqual(across, []);
    });

    it("finds an import cycle across folders when there is one", () => {
        const graph = new Map([
            ["config/load.ts", ["analysis/quotas/preflight.ts"]],
            ["analysis/quotas/preflight.ts", ["config/stackFiles.ts"]],
            ["config/stackFiles.ts", ["config/load.ts"]],
            ["lib/errors.ts", []],
        ]);
        assert.deepStrictEqual(importCycles(graph), [["analysis/quotas/preflight.ts", "config/load.ts", "config/stackFiles.ts"]]);
    });

    describe("lint refuses an import that runs back up, naming the rule", () => {
        const eslint = new ESLint({ cwd: PROJECT_ROOT });
        const messages = async (file: string, code: string) => (await eslint.lintText(code, { filePath: join(PROJECT_ROOT, file) }))[0].messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
        const refused: [string, string, string][] = [
            ["config/probe.ts", "../analysis/quotas/preflight", "config/ may import only lib/, itself"],
            ["lib/probe.ts", "../config/keys", "lib/ may import only itself"],
            ["labs/endpoints/probe.ts", "../../components/labInstance", "labs/ may import only lib/, config/, itself"],
            ["components/labs/endpointsLab/probe.ts", "../../../analysis/reach/types", "components/ may import only lib/, config/, labs/, itself"],
            ["analysis/quotas/probe.ts", "../../components/labs/registry", "analysis/ may import only lib/, config/, labs/, itself"],
            ["policy/rules/probe.ts", "../../offline/engine", "policy/ may import only lib/, config/, labs/, analysis/, itself"],
            ["offline/plan/probe.ts", "../../classroom/init", "offline/ may import only lib/, config/, labs/, components/, analysis/, policy/, itself"],
            ["classroom/probe.ts", "../tools/plan", "classroom/ may import only lib/, config/, labs/, components/, analysis/, policy/, offline/, itself"],
            ["index.ts", "./offline/engine", "index.ts may import only lib/, config/, labs/, components/, analysis/, policy/; the program never loads offline/, classroom/ or tools/"],
        ];
        for (const [file, target, rule] of refused) {
            it(`${file}: import "${target}"`, async () => {
                assert.deepStrictEqual(await messages(file, `import "${target}";\n`), [`'${target}' import is restricted from being used by a pattern. Layer rule (docs/architecture.md): ${rule}.`]);
            });
        }
        it("allows the layers below and a subfolder named like a layer (components/labs/ is not labs/)", async () => {
            assert.deepStrictEqual(await messages("components/labEnvironment.ts", `import "./labs/registry";\nimport "../labs/labCheck";\nimport "../config/keys";\nimport "../lib/errors";\n`), []);
            assert.deepStrictEqual(await messages("tools/probe.ts", `import "../offline/engine";\nimport "../classroom/init";\n`), []);
            assert.deepStrictEqual(await messages("tests/probe.spec.ts", `import "../offline/engine";\nimport "../tools/plan";\n`), []);
        });
    });

    it("every layer folder exists", () => {
        assert.deepStrictEqual(LAYER_FOLDERS.filter((folder) => ![...importGraph().keys()].some((file) => file.startsWith(`${folder}/`))), []);
    });
});
